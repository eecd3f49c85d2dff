/**
 * The shapes the chart selectors (selectors.ts) return: points, statistics inputs, series. Types
 * only; selectors.ts re-exports them.
 */
import type { ChartArch } from './architectures.ts';
import type { DesignFactorId, ReportedStatistic, StatisticRelation } from './types.ts';

/** Architecture facts by key (usually `ARCHITECTURES`). */
export type ArchTable = Readonly<Record<string, ChartArch>>;

/** Which initialisation the charts show. */
export type Condition = 'pretrained' | 'random' | 'both';

/**
 * A result's initialisation: ImageNet-supervised weights, random, other pretraining
 * (self-supervised, in-domain, image-text...; see initialisation.ts), or not stated by the source.
 */
export type InitGroup = 'pretrained' | 'random' | 'other' | 'unstated';

/**
 * Per study, the level chosen for a design factor; null averages over every level. A factor
 * missing here uses the study's default (design.ts).
 */
export type DesignChoices = Readonly<
  Record<string, Readonly<Partial<Record<DesignFactorId, string | null>>>>
>;

/** The user's filters; an empty `archs` list means every architecture. */
export interface ChartFilters {
  readonly condition: Condition;
  readonly hiddenFamilies: readonly string[];
  readonly archs: readonly string[];
  /** Design levels chosen by the reader; absent means every study's defaults. */
  readonly design?: DesignChoices;
}

/** One plotted result with everything a tooltip or a data table needs. */
export interface ChartPoint {
  readonly id: string;
  readonly arch: string;
  readonly label: string;
  readonly family: string;
  readonly group: InitGroup;
  readonly unitsRemoved: number;
  readonly x: number;
  readonly y: number;
  /** SD of y (drawn as an error bar), when y is the result's own value and the source gives one. */
  readonly sd: number | null;
  /** A printed ± that is the standard error across the labels y averages: shown, never drawn. */
  readonly seAcrossLabels?: number;
  /** Replicates (seeds) averaged into y; absent means one. */
  readonly n?: number;
  /** Where the y value stands (the result's source). */
  readonly source: string;
  /** Where the x value comes from. */
  readonly xSource: string;
  readonly flags: readonly string[];
  /** How many results this point averages (replicates of one architecture and configuration). */
  readonly replicates: number;
  /** The configuration the point stands for, e.g. '224 px, end-to-end'; '' when nothing varies. */
  readonly config: string;
}

/** A result left off a chart, and why (shown under the chart, never silently dropped). */
export interface Exclusion {
  readonly arch: string;
  readonly reason: string;
}

/** Paired x/y vectors for one recomputed statistic, with the reported values it is compared to. */
export interface StatInput {
  readonly group: InitGroup;
  readonly relation: StatisticRelation;
  readonly x: readonly number[];
  readonly y: readonly number[];
  readonly reported: readonly ReportedStatistic[];
}

/** A random → pretrained arrow for the same architecture and truncation. */
export interface Arrow {
  readonly arch: string;
  readonly from: { readonly x: number; readonly y: number };
  readonly to: { readonly x: number; readonly y: number };
}

/** The shaped content of one scatter chart. */
export interface ScatterSeries {
  readonly points: readonly ChartPoint[];
  readonly excluded: readonly Exclusion[];
  readonly stats: readonly StatInput[];
  readonly arrows: readonly Arrow[];
}

/** One same-architecture pair for the pretraining boost chart. */
export interface BoostPoint extends ChartPoint {
  readonly pretrainedValue: number;
  readonly randomValue: number;
}

/** The boost chart: pairs, plus the paired vectors for a Wilcoxon signed-rank test. */
export interface BoostSeries {
  readonly points: readonly BoostPoint[];
  readonly excluded: readonly Exclusion[];
  readonly stats: readonly StatInput[];
  readonly paired: { readonly pretrained: readonly number[]; readonly random: readonly number[] };
}

/** One architecture's truncation depths, ordered from full model to most truncated. */
export interface TruncationLine {
  readonly key: string;
  readonly arch: string;
  readonly family: string;
  readonly points: readonly ChartPoint[];
}

/** The truncation chart. */
export interface TruncationSeries {
  readonly lines: readonly TruncationLine[];
  readonly excluded: readonly Exclusion[];
  /** Full ÷ truncated parameters, one per truncated point whose line has the full model. */
  readonly efficiency: readonly {
    readonly arch: string;
    readonly unitsRemoved: number;
    readonly ratio: number;
    readonly delta: number;
  }[];
}
