/**
 * The X-ray batch queue, outside React so a batch survives a tab switch. Files are read and sent
 * one at a time (one `predictImages` call per file): the page holds at most one file's bytes,
 * each result shows as soon as it is ready, and a failing file becomes an error row while the
 * others go on. With no model selected, files wait in the queue (never fail) and run as soon as
 * a model is selected. A model selected after an image was read can be run on that image alone,
 * its row added to the card. Cancel aborts the file in flight (which terminates the worker) and
 * then rebuilds the models made here from their recorded requests (same seed, same weights).
 */
import { predictImages, readDroppedFiles } from '../../client/studyClient.ts';
import { mergeResult } from './queueProgress.ts';
import { rebuildModels } from './xrayModels.ts';
import { useXrayStore } from './xrayStore.ts';
import type { QueueItem } from './xrayStore.ts';

/** Longest side of the thumbnails the worker returns (the enlarged Grad-CAM view draws it 1:1). */
export const THUMBNAIL_SIZE = 640;

let nextKey = 1;
let running = false;
let controller: AbortController | null = null;

const message = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

// A model selected while files wait (loaded, built, trained elsewhere): the queue runs them.
useXrayStore.subscribe((state, previous) => {
  if (state.selected !== previous.selected && state.selected.length > 0) void runQueue();
});

/**
 * Adds files to the queue and starts it when idle (files wait when no model is selected).
 * @param files dropped or picked files
 */
export function enqueueFiles(files: readonly File[]): void {
  if (files.length === 0) return;
  const added: QueueItem[] = files.map((file) => ({
    key: nextKey++,
    name: file.name,
    file,
    status: 'queued',
    revealed: false,
  }));
  useXrayStore.setState((s) => ({ items: [...s.items, ...added], notice: null }));
  void runQueue();
}

/**
 * Queues the images that lack a model's row, to run that model on them alone.
 * @param modelId the model
 * @param keys queue keys of the images (their file handle must still be held)
 */
export function runMissing(modelId: string, keys: readonly number[]): void {
  useXrayStore.setState((s) => ({
    items: s.items.map((it) =>
      keys.includes(it.key) && it.file !== null && it.status === 'done'
        ? { ...it, status: 'queued', pending: [...(it.pending ?? []), modelId] }
        : it,
    ),
  }));
  void runQueue();
}

/** @returns the models to run on an item: its pending ones, or every selected model */
function modelsFor(item: QueueItem): string[] {
  const { selected, models } = useXrayStore.getState();
  const wanted = item.pending ?? selected;
  return wanted.filter((id) => models.some((m) => m.id === id));
}

async function processItem(item: QueueItem, signal: AbortSignal): Promise<void> {
  const { updateItem, selected } = useXrayStore.getState();
  const modelIds = modelsFor(item);
  if (item.file === null) return;
  updateItem(item.key, { status: 'running' });
  try {
    const files = await readDroppedFiles([item.file]);
    const [result] = await predictImages(
      files,
      modelIds,
      { thumbnailSize: THUMBNAIL_SIZE },
      undefined,
      signal,
    );
    if (result === undefined) throw new Error('the worker returned no result');
    const failed = result.status === 'error';
    updateItem(item.key, {
      status: failed ? 'error' : 'done',
      ...(failed ? { file: null } : {}),
      result: mergeResult(item.result, result, selected),
      pending: undefined,
      ...(failed && result.error ? { message: result.error.sentence, refusal: result.error } : {}),
    });
  } catch (error) {
    // an image run only to add a model's row keeps what it already shows
    if (signal.aborted && item.result !== undefined)
      updateItem(item.key, { status: 'done', pending: undefined });
    else if (signal.aborted) updateItem(item.key, { status: 'cancelled', message: 'Cancelled' });
    else updateItem(item.key, { status: 'error', file: null, message: message(error) });
  }
}

/** @returns the next item that can run now (a pending one needs its models still there) */
function nextRunnable(): QueueItem | undefined {
  const { items, updateItem } = useXrayStore.getState();
  for (const it of items) {
    if (it.status !== 'queued') continue;
    if (modelsFor(it).length > 0) return it;
    // an image waiting for models that were removed meanwhile: nothing left to add
    if (it.pending !== undefined) updateItem(it.key, { status: 'done', pending: undefined });
    else return undefined; // no model selected: the rest waits
  }
  return undefined;
}

async function runQueue(): Promise<void> {
  if (running) return;
  running = true;
  controller = new AbortController();
  try {
    for (;;) {
      const next = nextRunnable();
      if (next === undefined || controller.signal.aborted) break;
      await processItem(next, controller.signal);
    }
  } finally {
    running = false;
    controller = null;
  }
}

/** Cancels the batch: the file in flight is abandoned, queued files are marked cancelled. */
export async function cancelQueue(): Promise<void> {
  const active = controller;
  useXrayStore.setState((s) => ({
    items: s.items.map((it) => {
      if (it.status !== 'queued') return it;
      // an image queued only for another model's row keeps what it shows
      if (it.pending !== undefined) return { ...it, status: 'done', pending: undefined };
      return { ...it, status: 'cancelled', file: null, message: 'Cancelled' };
    }),
  }));
  if (active === null) return;
  const { models, selected } = useXrayStore.getState();
  active.abort();
  useXrayStore.setState({
    notice: 'Cancelled. The worker was restarted; the models made here are being rebuilt.',
  });
  try {
    const lost = await rebuildModels({ models, selected });
    const gone =
      lost > 0 ? ` ${lost} model(s) made elsewhere (training, loaded weights) were lost.` : '';
    useXrayStore.setState({
      notice: `Cancelled. Models rebuilt (same seeds, same weights).${gone}`,
    });
  } catch (error) {
    useXrayStore.setState({ notice: `Cancelled; rebuilding the models failed: ${message(error)}` });
  }
}

/** Removes finished, failed and cancelled files (and their results) from the page. */
export function clearFinished(): void {
  useXrayStore.setState((s) => ({
    items: s.items.filter((it) => it.status === 'queued' || it.status === 'running'),
  }));
}
