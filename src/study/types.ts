/**
 * The study library's data model. Types only.
 * Every number carries a `source`: where in the publication (or which computation) it stands.
 */

/** The five CheXpert competition tasks, in CheXpert column order. */
export const CHEXPERT_TASKS = [
  'Atelectasis',
  'Cardiomegaly',
  'Consolidation',
  'Edema',
  'Pleural Effusion',
] as const;
export type ChexpertTask = (typeof CHEXPERT_TASKS)[number];

/** The 14 NIH ChestX-ray14 labels, as spelled in `Data_Entry_2017.csv` (Wang et al., CVPR 2017). */
export const CHESTXRAY14_LABELS = [
  'Atelectasis',
  'Cardiomegaly',
  'Effusion',
  'Infiltration',
  'Mass',
  'Nodule',
  'Pneumonia',
  'Pneumothorax',
  'Consolidation',
  'Edema',
  'Emphysema',
  'Fibrosis',
  'Pleural_Thickening',
  'Hernia',
] as const;

/** How a study's headline metric is computed; results with different metrics never share an axis. */
export interface MetricSpec {
  /** e.g. 'AUROC' or 'accuracy'. */
  readonly name: string;
  /** e.g. 'mean over the 5 CheXpert competition tasks'. */
  readonly averaging: string;
  /** Short key used to decide which results may share an axis, e.g. 'auroc:mean5'. */
  readonly key: string;
}

export type StudyKind = 'published' | 'imported' | 'runs';

/**
 * The publication a study comes from. Studies of one paper (the same models, code and seeds on
 * two datasets) are not independent evidence, so papers, not studies, are what a pooled estimate
 * counts (stats/meta.ts).
 */
export interface StudyPaper {
  /** Shared by every study of the same paper, e.g. 'doerrich2025-medmnistplus'. */
  readonly id: string;
  /** A short citation, e.g. 'Doerrich et al. 2025 (MedMNIST+), Sci Rep'. */
  readonly label: string;
}

export interface Study {
  readonly id: string;
  readonly kind: StudyKind;
  readonly title: string;
  readonly citation: string;
  /** The paper it comes from; absent means the study is its own paper (imports, My runs, grids). */
  readonly paper?: StudyPaper;
  readonly url: string;
  readonly licence: string;
  readonly dataset: string;
  readonly split: string;
  readonly labels: readonly string[];
  readonly metric: MetricSpec;
  readonly protocol: readonly string[];
  /** Study-level flags, e.g. 'secondary' (reported by someone else) or 'leaderboard'. */
  readonly flags: readonly string[];
  readonly results: readonly ModelResult[];
  readonly reportedStatistics: readonly ReportedStatistic[];
  /** Plain-words statements of what the study found, each pointing at the chart with the evidence. */
  readonly findings: readonly Finding[];
  /** Honest notes for the reader, e.g. "per-model AUCs are not published in text". */
  readonly notes: readonly string[];
  /**
   * The study's design factors and the ImageNet weights it used. Published studies declare theirs
   * in `designs.ts`; an imported or grid study may carry its own; otherwise one is inferred.
   */
  readonly design?: StudyDesign;
}

/** The factors a study varies or fixes; a chart point is one architecture under one level of each. */
export type DesignFactorId = 'resolution' | 'scheme' | 'loss' | 'ensemble' | 'split';

/** How a result's level of a factor is read: from its input size, its flags, or the study. */
export type LevelReader =
  | { readonly from: 'inputSize' }
  | {
      readonly from: 'flags';
      /** Flag -> level label; the first flag the result carries wins. */
      readonly levels: Readonly<Record<string, string>>;
      readonly otherwise: string;
    }
  | { readonly from: 'study'; readonly level: string };

/** One design factor of a study. */
export interface DesignFactor {
  readonly id: DesignFactorId;
  readonly read: LevelReader;
  /** The level a cross-architecture point uses unless the reader picks another; null = average. */
  readonly defaultLevel: string | null;
  /** Why this default (shown beside the filter). */
  readonly why: string;
}

/** The ImageNet weights behind an architecture's ImageNet-pretrained results in one study. */
export type WeightsUsed =
  | {
      readonly kind: 'known';
      /** e.g. 'resnet18.a1_in1k (timm)'. */
      readonly name: string;
      /** ImageNet-1k top-1 % of those weights. */
      readonly top1: number;
      readonly source: string;
      /** How we know these were the weights: stated by the study, or deduced (and how). */
      readonly basis: string;
    }
  | { readonly kind: 'not-stated'; readonly reason: string };

/** A study's design, as data. */
export interface StudyDesign {
  readonly factors: readonly DesignFactor[];
  /** By architecture key; a missing key means the study does not say. */
  readonly weights: Readonly<Record<string, WeightsUsed>>;
}

export interface ModelResult {
  /** Architecture key: a timm name for the 16 CheXtransfer models, else a key of EXTRA_ARCHITECTURES. */
  readonly arch: string;
  /** ImageNet-pretrained (true), random init (false), or not stated (null). */
  readonly pretrained: boolean | null;
  /** Final units removed (0 = full model). */
  readonly unitsRemoved: number;
  /** Parameters of the evaluated model where the source states them (else derived from the arch). */
  readonly params: number | null;
  readonly inputSize: number | null;
  /** Metric value on a 0..1 scale. */
  readonly value: number;
  /** Standard deviation: as reported, or over `n` replicates (seeds) on import. */
  readonly sd: number | null;
  /** Replicates averaged into `value` (e.g. seeds of a grid); absent means one. */
  readonly n?: number;
  /**
   * Results of one study sharing this key are true replicates: runs of one configuration that
   * differ only in seed, or repeated evaluations of one model. Only those are averaged into one
   * chart point; a result without a key is a model of its own (another team's entry, another
   * pretraining method), whatever its architecture.
   */
  readonly replicateKey?: string;
  /**
   * A printed ± that is the standard error of `value` across the labels it averages (Chen et al.
   * 2023), not a spread of the model's AUC: shown with its meaning, never as an error bar.
   */
  readonly seAcrossLabels?: number;
  readonly perLabel: Readonly<Record<string, number>> | null;
  /** Result-level flags kept from the source, e.g. 'frozen-backbone', 'secondary', 'leaderboard'. */
  readonly flags: readonly string[];
  /** Where in the source the number stands. */
  readonly source: string;
  readonly note: string;
}

export type StatisticKind = 'spearman' | 'kendall' | 'pearson' | 'ratio' | 'other';

/** What a reported statistic relates, so the UI can recompute the same thing on the current data. */
export type StatisticRelation =
  'top1-vs-auc' | 'logparams-vs-auc' | 'boost-vs-params' | 'truncation-efficiency' | 'other';

export interface ReportedStatistic {
  readonly id: string;
  readonly name: string;
  readonly kind: StatisticKind;
  readonly relation: StatisticRelation;
  /** Which models: pretrained, random-init, or both/not applicable. */
  readonly condition: 'pretrained' | 'random' | 'both';
  readonly value: number;
  readonly n: number | null;
  readonly source: string;
  readonly confidence: string;
}

export type ChartId = 'top1-vs-auc' | 'params-vs-auc' | 'boost-vs-params' | 'truncation';

export interface Finding {
  readonly id: string;
  readonly text: string;
  readonly chart: ChartId;
  readonly statisticIds: readonly string[];
  readonly source: string;
}
