/**
 * The shapes of the cross-study evidence view (evidence.ts): points from every study, per-study
 * Spearman ρ with bootstrap intervals, and the random-effects forest of each question. Types only.
 */
import type { ShownInterval } from './stats/agreement.ts';
import type { MetaResult } from './stats/meta.ts';
import type { ChartPoint, DesignChoices } from './chartTypes.ts';
import type { ChartId, ReportedStatistic, Study, StudyPaper } from './types.ts';
import type { Top1Set } from '../zoo/types.ts';
import type { ArchTable } from './chartTypes.ts';

/** What the evidence view reads. */
export interface EvidenceInput {
  /** Every study in the library: published, imported, My runs, grids. */
  readonly studies: readonly Study[];
  readonly archs: ArchTable;
  readonly top1Set: Top1Set;
  readonly design: DesignChoices;
  /** Studies the reader hid with the legend: off the charts and out of the pooling. */
  readonly hiddenStudies: readonly string[];
}

/** A point with the study it comes from; `y` is centred within the study (see EvidenceChart). */
export interface EvidencePoint extends ChartPoint {
  readonly studyId: string;
  readonly studyTitle: string;
  readonly dataset: string;
  readonly metric: string;
  /** The value before centring (the study's own metric, or the boost). */
  readonly raw: number;
  /** The paper the study comes from (papers.ts). */
  readonly paper: StudyPaper;
}

/** Which models a forest section pools. */
export type SectionGroup = 'pretrained' | 'random' | 'pairs';

/** One study's recomputed correlation in a section. */
export interface StudyCorrelation {
  readonly studyId: string;
  readonly title: string;
  readonly paper: StudyPaper;
  readonly n: number;
  /** NaN when n < 3 or a variable is constant. */
  readonly rho: number;
  /** Two-sided p of ρ = 0: exact permutation for n ≤ 9, else the t approximation. */
  readonly p: number;
  readonly pMethod: 'exact' | 't';
  /**
   * The Fisher-z 95% interval (the one the pooling uses), extended to 0 where the p beside it
   * does not reject ρ = 0 (stats/agreement.ts); null for n < 4 or ρ undefined or ±1.
   */
  readonly interval: ShownInterval | null;
  /** True below n = 10, where the Fisher interval is a rough approximation. */
  readonly approximate: boolean;
  /** Percentile bootstrap 95% CI of ρ (n ≥ 4), made to agree with p the same way; else null. */
  readonly bootstrap: ShownInterval | null;
  /** The configuration its points stand for, e.g. '224 px, end-to-end'. */
  readonly config: string;
  /** How many of its points average replicates. */
  readonly averaged: number;
}

/** A reported statistic shown on a forest: never pooled. */
export interface ReportedRow {
  readonly studyId: string;
  readonly title: string;
  readonly stat: ReportedStatistic;
  /** True when the study has no per-model points here, so its ρ cannot be recomputed. */
  readonly notRecomputable: boolean;
  /**
   * An approximate 95% interval computed here from the reported ρ and n (Fisher z), made to agree
   * with `p`; null without n.
   */
  readonly interval: ShownInterval | null;
  /** The p implied by ρ and n (t approximation, n − 2 df), never reported by the source. */
  readonly p: number;
  /** True when the statistic's source is marked not verifiable (sources.ts). */
  readonly unverifiable: boolean;
}

/** What enters a statistic: points, the studies they come from, and the independent papers. */
export interface EvidenceCounts {
  readonly points: number;
  readonly studies: number;
  readonly papers: number;
}

/** One forest plot: per-study rows, the pooled estimate, reported rows and who was left out. */
export interface ForestSection {
  readonly group: SectionGroup;
  readonly studies: readonly StudyCorrelation[];
  /** Pooled over the papers' combined ρ (row labels are study ids). */
  readonly meta: MetaResult;
  readonly reported: readonly ReportedRow[];
  /** Everything with a row in this section. */
  readonly shown: EvidenceCounts;
  /** What enters the pooled row: studies with n ≥ 4 and a finite ρ, and their papers. */
  readonly entering: EvidenceCounts;
}

/** A point left off, with its study. */
export interface EvidenceExclusion {
  readonly studyId: string;
  readonly arch: string;
  readonly reason: string;
}

/** One question's chart. */
export interface EvidenceChart {
  readonly question: ChartId;
  readonly points: readonly EvidencePoint[];
  /** Lines through truncation depths (truncation question only). */
  readonly lines: readonly (readonly EvidencePoint[])[];
  readonly excluded: readonly EvidenceExclusion[];
  readonly sections: readonly ForestSection[];
  /** What y means on this chart (centred AUC, or the boost). */
  readonly yLabel: string;
  /** Studies drawn, in library order. */
  readonly studyIds: readonly string[];
  /** Papers drawn, in library order. */
  readonly papers: readonly StudyPaper[];
}
