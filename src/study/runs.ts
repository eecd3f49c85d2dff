/**
 * Training runs finished in this browser ("My runs"), as plain data, and their conversion into
 * studies the charts can show. Pure: no DOM, no TensorFlow.js. The Train panel converts the
 * worker's `TrainResult` into a `RunRecord`; `src/study` never imports from `src/worker`.
 */
import Papa from 'papaparse';
import { defuseCell } from './csvSafe.ts';
import { IN_DOMAIN_START_FLAG } from './initialisation.ts';
import type { MetricSpec, ModelResult, Study } from './types.ts';
import { CHEXPERT_TASKS } from './types.ts';

/** Where a run's images came from. */
export type RunDatasetKind = 'synthetic' | 'chexpert' | 'nih';

/** Dataset kinds in display order. */
export const RUN_DATASET_KINDS: readonly RunDatasetKind[] = ['chexpert', 'nih', 'synthetic'];

/** A run's dataset, described without any of the person's file names. */
export interface RunDataset {
  readonly kind: RunDatasetKind;
  /** e.g. 'synthetic phantoms (n=400, seed 1)' or 'CheXpert-v1.0-small valid.csv (234 images)'. */
  readonly label: string;
  readonly trainImages: number;
  readonly validationImages: number;
}

/** One epoch of a run's history; links carry only `meanAuc`, so the losses may be null. */
export interface RunEpoch {
  readonly epoch: number;
  readonly trainLoss: number | null;
  readonly validationLoss: number | null;
  readonly meanAuc: number | null;
}

/** Everything a finished run needs to be shown and shared. */
export interface RunRecord {
  readonly id: string;
  /** ISO 8601 time the run finished. */
  readonly finishedAt: string;
  /** timm id, e.g. 'densenet121'. */
  readonly arch: string;
  /** True for ImageNet weights, false for random initialisation (and for in-domain starts). */
  readonly pretrained: boolean;
  /**
   * An in-domain run: the chest-X-ray model it started from, e.g. "TorchXRayVision
   * densenet121-res224-chex" (absent for random and ImageNet starts).
   */
  readonly initialisedFrom?: string;
  readonly unitsRemoved: number;
  readonly inputSize: number;
  /** Trainable parameters of the trained model. */
  readonly params: number;
  /** Epochs done (fewer than configured when stopped). */
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** Uncertain-label policy, e.g. 'U-Ones'. */
  readonly policy: string;
  readonly dataset: RunDataset;
  /** Mean validation AUC over the tasks; null when no task could be scored. */
  readonly meanAuc: number | null;
  readonly perTaskAuc: Readonly<Record<string, number | null>>;
  readonly history: readonly RunEpoch[];
  /** TensorFlow.js backend, e.g. 'webgl'. */
  readonly backend: string;
  readonly durationMs: number;
  /** True when the person stopped the run early. */
  readonly stopped: boolean;
  /** The saved model in this browser, if any (never sent in links). */
  readonly modelId?: string;
  /** Seed of initialisation, shuffling and augmentation (absent in runs recorded before 0.2). */
  readonly seed?: number;
  /** A grid task's origin (`chextransfer run`): which grid, which task, which configuration. */
  readonly grid?: RunGridTask;
}

/** Where a run of a grid came from. */
export interface RunGridTask {
  readonly name: string;
  readonly index: number;
  /** Everything but the seed, e.g. 'resnet18|random|k2': tasks sharing it are replicates. */
  readonly configKey: string;
}

const DATASET_WORDS: Record<RunDatasetKind, string> = {
  chexpert: 'CheXpert validation images',
  nih: 'NIH ChestX-ray14 images',
  synthetic: 'synthetic phantoms',
};

/**
 * The metric a run is scored on: the mean AUC over the 5 CheXpert tasks, but on which images.
 * CheXpert runs share the key of the published CheXpert studies; synthetic phantoms and NIH
 * images never share an axis with them.
 * @param kind the run's dataset kind
 * @returns the metric
 */
export function runMetric(kind: RunDatasetKind): MetricSpec {
  return {
    name: 'AUROC',
    averaging: `mean over the ${CHEXPERT_TASKS.length} CheXpert tasks, on ${DATASET_WORDS[kind]} (trained in this browser)`,
    key: `auroc:${kind}-mean${CHEXPERT_TASKS.length}`,
  };
}

/**
 * The axis label for runs drawn beside another study.
 * @param kind the runs' dataset kind
 * @returns e.g. 'My runs: mean AUC on synthetic phantoms'
 */
export const runsAxisLabel = (kind: RunDatasetKind): string =>
  `My runs: mean AUC on ${DATASET_WORDS[kind]}`;

const SHORT_WORDS: Record<RunDatasetKind, string> = {
  chexpert: 'CheXpert',
  nih: 'NIH',
  synthetic: 'synthetic',
};

/**
 * @param kind a dataset kind
 * @returns a word short enough for an axis label, e.g. 'synthetic'
 */
export const runDatasetShort = (kind: RunDatasetKind): string => SHORT_WORDS[kind];

/**
 * @param studyId a study id
 * @returns the dataset kind of a My runs study id, or null for any other study
 */
export function runsKindOf(studyId: string): RunDatasetKind | null {
  return RUN_DATASET_KINDS.find((k) => runsStudyId(k) === studyId) ?? null;
}

/** Every My runs study id starts with this. */
export const RUNS_STUDY_PREFIX = 'my-runs';

/**
 * @param kind a dataset kind
 * @returns the id of the My runs study for that kind, e.g. 'my-runs-synthetic'
 */
export const runsStudyId = (kind: RunDatasetKind): string => `${RUNS_STUDY_PREFIX}-${kind}`;

/**
 * Flags a run carries onto its chart point.
 * @param run the run
 * @returns e.g. ['browser', 'synthetic', 'stopped early']
 */
export function runFlags(run: RunRecord): string[] {
  return [
    'browser',
    ...(run.dataset.kind === 'synthetic' ? ['synthetic'] : []),
    ...(run.stopped ? ['stopped early'] : []),
    // not ImageNet-pretrained, not random either: the flag puts it in the "other pretraining"
    // group (initialisation.ts), never paired in the boost chart nor in either group's statistics
    ...(run.initialisedFrom ? [IN_DOMAIN_START_FLAG] : []),
  ];
}

/**
 * What makes two runs replicates: everything but the seed (a grid task's configuration key, else
 * the run's settings). Runs that share it are averaged into one chart point; runs that differ in
 * any setting are different models.
 * @param run the run
 * @returns the replicate key
 */
export function runReplicateKey(run: RunRecord): string {
  if (run.grid) return `grid:${run.grid.name}|${run.grid.configKey}`;
  return JSON.stringify([
    run.arch,
    run.pretrained,
    run.initialisedFrom ?? null,
    run.unitsRemoved,
    run.inputSize,
    run.epochs,
    run.batchSize,
    run.learningRate,
    run.policy,
    run.dataset.label,
  ]);
}

function resultOf(run: RunRecord, value: number): ModelResult {
  const perLabel = Object.fromEntries(
    Object.entries(run.perTaskAuc).filter((e): e is [string, number] => e[1] !== null),
  );
  return {
    arch: run.arch,
    pretrained: run.pretrained,
    unitsRemoved: run.unitsRemoved,
    params: run.params,
    inputSize: run.inputSize,
    value,
    sd: null,
    perLabel: Object.keys(perLabel).length > 0 ? perLabel : null,
    flags: runFlags(run),
    replicateKey: runReplicateKey(run),
    source: `trained in this browser on ${run.finishedAt.slice(0, 10)}, ${run.backend}; ${run.dataset.label}`,
    note: `${run.epochs} epoch(s), batch ${run.batchSize}, learning rate ${run.learningRate}, ${run.policy}${run.initialisedFrom ? `; started from ${run.initialisedFrom}` : ''}; run ${run.id}`,
  };
}

/**
 * The My runs study for one dataset kind: one result per run with a mean AUC.
 * @param runs every run (others kinds are ignored)
 * @param kind which dataset kind
 * @returns a study of kind 'runs'
 */
export function runsStudy(runs: readonly RunRecord[], kind: RunDatasetKind): Study {
  const mine = runs.filter((r) => r.dataset.kind === kind);
  const scored = mine.flatMap((r) => (r.meanAuc === null ? [] : [resultOf(r, r.meanAuc)]));
  const unscored = mine.length - scored.length;
  return {
    id: runsStudyId(kind),
    kind: 'runs',
    title: `My runs (${DATASET_WORDS[kind]})`,
    citation: 'Models trained in this browser with the Train panel',
    url: '',
    licence: 'yours',
    dataset: DATASET_WORDS[kind],
    split: kind === 'synthetic' ? 'held-out phantoms' : 'validation images',
    labels: [...CHEXPERT_TASKS],
    metric: runMetric(kind),
    protocol: ['Fine-tuned in the browser with TensorFlow.js; see each run for its settings.'],
    flags: ['browser'],
    results: scored,
    reportedStatistics: [],
    findings: [],
    notes: [
      ...(kind === 'synthetic'
        ? ['Synthetic phantoms are not chest X-rays: these AUCs say nothing about real images.']
        : []),
      ...(unscored > 0
        ? [`${unscored} run(s) without a mean AUC (no task could be scored) are not plotted.`]
        : []),
    ],
  };
}

/**
 * One My runs study per dataset kind that has runs.
 * @param runs every run
 * @returns studies in RUN_DATASET_KINDS order
 */
export function runsStudies(runs: readonly RunRecord[]): Study[] {
  return RUN_DATASET_KINDS.filter((k) => runs.some((r) => r.dataset.kind === k)).map((k) =>
    runsStudy(runs, k),
  );
}

const round = (v: number | null, digits = 4): number | null =>
  v === null ? null : Number(v.toFixed(digits));

/**
 * The compact form of a run for links: no losses, no saved-model id, and a dataset label rebuilt
 * from counts so that no name of the person's files can travel.
 * @param run the run
 * @returns a run record that is safe and small to share
 */
export function runSummary(run: RunRecord): RunRecord {
  const rest: RunRecord = { ...run };
  delete (rest as { modelId?: string }).modelId;
  const { kind, trainImages, validationImages } = run.dataset;
  return {
    ...rest,
    dataset: {
      ...run.dataset,
      label:
        kind === 'synthetic'
          ? run.dataset.label.slice(0, 80)
          : `${kind === 'nih' ? 'NIH ChestX-ray14' : 'CheXpert'} (${trainImages} training, ${validationImages} validation images)`,
    },
    meanAuc: round(run.meanAuc),
    perTaskAuc: Object.fromEntries(Object.entries(run.perTaskAuc).map(([k, v]) => [k, round(v)])),
    history: run.history.map((h) => ({
      epoch: h.epoch,
      trainLoss: null,
      validationLoss: null,
      meanAuc: round(h.meanAuc),
    })),
    durationMs: Math.round(run.durationMs),
  };
}

/**
 * Runs as JSON (an array of RunRecord), readable by `parseRunsJson`.
 * @param runs the runs
 * @returns pretty-printed JSON
 */
export const runsToJson = (runs: readonly RunRecord[]): string => JSON.stringify(runs, null, 2);

/** CSV columns besides the per-task AUCs. */
export const RUN_CSV_COLUMNS = [
  'id',
  'finished_at',
  'arch',
  'pretrained',
  'initialised_from',
  'units_removed',
  'input_size',
  'params',
  'epochs',
  'batch_size',
  'learning_rate',
  'policy',
  'dataset_kind',
  'dataset',
  'train_images',
  'validation_images',
  'mean_auc',
  'backend',
  'duration_ms',
  'stopped',
] as const;

/**
 * Runs as CSV: one row per run, then one AUC column per task.
 * @param runs the runs
 * @returns CSV text (RFC 4180 quoting by papaparse)
 */
export function runsToCsv(runs: readonly RunRecord[]): string {
  const tasks = [
    ...new Set([...CHEXPERT_TASKS, ...runs.flatMap((r) => Object.keys(r.perTaskAuc))]),
  ];
  const rows = runs.map((r) => [
    r.id,
    r.finishedAt,
    r.arch,
    r.pretrained,
    r.initialisedFrom ?? '',
    r.unitsRemoved,
    r.inputSize,
    r.params,
    r.epochs,
    r.batchSize,
    r.learningRate,
    r.policy,
    r.dataset.kind,
    r.dataset.label,
    r.dataset.trainImages,
    r.dataset.validationImages,
    r.meanAuc ?? '',
    r.backend,
    r.durationMs,
    r.stopped,
    ...tasks.map((t) => r.perTaskAuc[t] ?? ''),
  ]);
  // Text cells and task names may come from an imported runs file: defused (csvSafe.ts).
  const safe = (v: string | number | boolean): string | number | boolean =>
    typeof v === 'string' ? defuseCell(v) : v;
  return Papa.unparse({
    fields: [...RUN_CSV_COLUMNS, ...tasks.map((t) => defuseCell(`auc_${t}`))],
    data: rows.map((row) => row.map(safe)),
  });
}

export { parseRun, parseRunsJson, parseRunsValue } from './runsParse.ts';
export type { RunsParseResult } from './runsParse.ts';
