/**
 * The queue's one status line, and which shown images lack a selected model's row. Pure.
 * The line never says "Done" while a shown image lacks the output of a selected model: it says
 * which model and how many images instead, so the panel can offer to run them.
 */
import type { FilePrediction } from '../../worker/protocol.ts';
import type { QueueItem } from './xrayStore.ts';

/** Images (queue keys) that have a result but no row for a selected model. */
export interface MissingRows {
  readonly modelId: string;
  /** Keys of the images that can be run again (their file handle is still held). */
  readonly runnable: readonly number[];
  /** How many images lack the row in all (some may no longer hold their file). */
  readonly total: number;
}

/** What the queue is doing, in one line. */
export type QueueLine =
  | { readonly kind: 'running'; readonly text: string }
  | { readonly kind: 'waiting'; readonly text: string }
  | { readonly kind: 'incomplete'; readonly text: string; readonly missing: readonly MissingRows[] }
  | { readonly kind: 'done'; readonly text: string };

const files = (n: number): string => `${n} file${n === 1 ? '' : 's'}`;
const images = (n: number): string => `${n} image${n === 1 ? '' : 's'}`;

/**
 * @param items the queue
 * @param selected the selected model ids, in display order
 * @returns per selected model, the decoded images whose result has no row of it
 */
export function missingRows(
  items: readonly QueueItem[],
  selected: readonly string[],
): MissingRows[] {
  const shown = items.filter((it) => it.status === 'done' && it.result?.status === 'ok');
  return selected.flatMap((modelId) => {
    const lacking = shown.filter(
      (it) => !(it.result?.predictions.some((p) => p.modelId === modelId) ?? false),
    );
    if (lacking.length === 0) return [];
    const runnable = lacking.filter((it) => it.file !== null).map((it) => it.key);
    return [{ modelId, runnable, total: lacking.length }];
  });
}

/**
 * @param items the queue
 * @param selected the selected model ids
 * @returns the line, or null when the queue is empty
 */
export function queueLine(
  items: readonly QueueItem[],
  selected: readonly string[],
): QueueLine | null {
  if (items.length === 0) return null;
  const running = items.find((it) => it.status === 'running');
  const waiting = items.filter((it) => it.status === 'queued').length;
  const batch = items.filter((it) => it.status !== 'cancelled');
  const finished = batch.filter((it) => it.status === 'done' || it.status === 'error').length;
  if (running !== undefined)
    return {
      kind: 'running',
      text: `Processing file ${Math.min(finished + 1, batch.length)} of ${batch.length}: ${running.name}`,
    };
  if (waiting > 0 && selected.length === 0)
    return {
      kind: 'waiting',
      text: `Waiting for a model: ${files(waiting)} queued. Load a chest X-ray model or create one above; the queue then runs.`,
    };
  if (waiting > 0)
    return { kind: 'running', text: `Processing file ${finished + 1} of ${batch.length}` };
  const missing = missingRows(items, selected);
  if (missing.length > 0)
    return {
      kind: 'incomplete',
      text: missing
        .map((m) => `${images(m.total)} have no output from ${m.modelId}`)
        .join('; ')
        .concat('.'),
      missing,
    };
  const done = items.filter((it) => it.status === 'done').length;
  return { kind: 'done', text: `Done: ${done} of ${files(items.length)} processed` };
}

/**
 * @param previous the image's earlier result, if any
 * @param next the new run's result (the models asked for)
 * @param order the selected models, in display order
 * @returns the new result with the earlier rows of other models kept, in selection order
 */
export function mergeResult(
  previous: FilePrediction | undefined,
  next: FilePrediction,
  order: readonly string[],
): FilePrediction {
  if (previous === undefined || next.status !== 'ok') return next;
  const fresh = new Set(next.predictions.map((p) => p.modelId));
  const kept = previous.predictions.filter((p) => !fresh.has(p.modelId));
  const rank = (id: string): number => {
    const i = order.indexOf(id);
    return i < 0 ? order.length : i;
  };
  const predictions = [...kept, ...next.predictions].sort(
    (a, b) => rank(a.modelId) - rank(b.modelId),
  );
  return { ...next, predictions };
}
