/**
 * Merges a grid's task records into one file the app imports (Study Explorer → Import): the
 * results-file JSON format (`{ study, results }`, see src/study/importResults.ts) with one row per
 * finished task and its seed, so the importer averages each configuration's seeds into a mean
 * with its SD and n. A task that started from a chest-X-ray checkpoint keeps its `initialisedFrom`
 * as the flag 'in-domain start' (other pretraining: never ImageNet-pretrained, never paired in the
 * boost chart) and in its note. The full records ride along under `runs` (the importer ignores
 * them; they keep every epoch's history). Pure: the command (src/cli/collect.ts) reads and writes the files.
 */
import { runFlags, runMetric, type RunRecord } from '../study/runs.ts';
import type { GridSpec } from './spec.ts';
import type { GridTask } from './tasks.ts';

/** What became of one task. */
export type TaskOutcome =
  | { readonly kind: 'done'; readonly record: RunRecord }
  /** `unreadable`: the task's file could not be read (bad JSON, a folder, a device...). */
  | { readonly kind: 'failed'; readonly message: string; readonly unreadable?: boolean }
  | { readonly kind: 'missing' };

/** The counts `collect` prints. */
export interface CollectSummary {
  readonly tasks: number;
  readonly done: number;
  /** Failed tasks, those whose files could not be read included. */
  readonly failed: number;
  readonly missing: number;
  /** Of the failed, those whose record or error file could not be read. */
  readonly unreadable: number;
}

/** Version of the grid block in runs.json. */
export const RUNS_FORMAT = 'chextransfer-grid-runs-1';

/** The study title of a grid: what the study picker and every chart show. */
export const gridStudyTitle = (name: string): string => `Grid: ${name}`;

/**
 * @param record a finished task's record
 * @returns its row in the results-file format (value = mean AUC, seed kept for averaging)
 */
function rowOf(record: RunRecord): Record<string, unknown> {
  const perLabel = Object.fromEntries(
    Object.entries(record.perTaskAuc).filter((e): e is [string, number] => e[1] !== null),
  );
  return {
    arch: record.arch,
    pretrained: record.pretrained,
    units_removed: record.unitsRemoved,
    input_size: record.inputSize,
    seed: record.seed ?? null,
    value: record.meanAuc,
    params: record.params,
    perLabel,
    // My runs' flags but 'browser': an in-domain start ('in-domain start') is other pretraining
    flags: ['grid', ...runFlags(record).filter((f) => f !== 'browser')],
    source: `grid ${record.grid?.name ?? '?'} task ${record.grid?.index ?? '?'}, ${record.backend}, ${record.finishedAt.slice(0, 10)}`,
    note: `${record.epochs} epoch(s), batch ${record.batchSize}, learning rate ${record.learningRate}, ${record.policy}${record.initialisedFrom ? `; started from ${record.initialisedFrom}` : ''}`,
  };
}

/**
 * @param spec the grid
 * @param records its finished tasks' records
 * @returns the study block (title "Grid: NAME", dataset, split, metric)
 */
function studyBlock(spec: GridSpec, records: readonly RunRecord[]): Record<string, unknown> {
  const kind =
    records[0]?.dataset.kind ??
    (spec.dataset.kind === 'synthetic' ? 'synthetic' : spec.dataset.kind);
  const metric = runMetric(kind);
  return {
    title: gridStudyTitle(spec.name),
    citation: `Grid "${spec.name}" run with the chextransfer command line${spec.description ? `: ${spec.description}` : ''}`,
    url: '',
    dataset: records[0]?.dataset.label ?? spec.dataset.kind,
    split: kind === 'synthetic' ? 'held-out phantoms' : 'validation images',
    metric: {
      ...metric,
      averaging: metric.averaging.replace('trained in this browser', `grid ${spec.name}`),
    },
  };
}

/**
 * @param spec the grid
 * @param tasks its tasks
 * @param outcomes what became of each task, by index
 * @returns the runs.json document and the counts
 */
export function collectGrid(
  spec: GridSpec,
  tasks: readonly GridTask[],
  outcomes: ReadonlyMap<number, TaskOutcome>,
): {
  doc: Record<string, unknown>;
  summary: CollectSummary;
  failures: { index: number; message: string }[];
} {
  const records: RunRecord[] = [];
  const failures: { index: number; message: string }[] = [];
  let missing = 0;
  let unreadable = 0;
  for (const t of tasks) {
    const o = outcomes.get(t.index) ?? { kind: 'missing' };
    if (o.kind === 'done') records.push(o.record);
    else if (o.kind === 'failed') {
      failures.push({ index: t.index, message: o.message });
      if (o.unreadable === true) unreadable++;
    } else missing++;
  }
  const scored = records.filter((r) => r.meanAuc !== null);
  const doc = {
    study: studyBlock(spec, records),
    grid: { format: RUNS_FORMAT, name: spec.name, tasks: tasks.length, spec },
    results: scored.map(rowOf),
    runs: records,
  };
  return {
    doc,
    summary: {
      tasks: tasks.length,
      done: records.length,
      failed: failures.length,
      missing,
      unreadable,
    },
    failures,
  };
}
