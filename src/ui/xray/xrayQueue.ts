/**
 * The X-ray batch queue and model verbs, outside React so a batch survives a tab switch.
 * Files are read and sent one at a time (one `predictImages` call per file): the page holds at
 * most one file's bytes, each result shows as soon as it is ready, and a failing file becomes an
 * error row while the others go on. Cancel aborts the file in flight (which terminates the worker)
 * and then rebuilds the models made here from their recorded requests (same seed, same weights).
 */
import {
  createModel,
  ensureBackend,
  listModels,
  disposeModel,
  onModelsChanged,
  predictImages,
  preferredBackend,
  readDroppedFiles,
} from '../../client/studyClient.ts';
import type { CreateModelRequest, ModelInfo } from '../../worker/protocol.ts';
import { useXrayStore } from './xrayStore.ts';
import type { QueueItem } from './xrayStore.ts';

/** Longest side of the thumbnails the worker returns. */
export const THUMBNAIL_SIZE = 256;

let nextKey = 1;
let running = false;
let controller: AbortController | null = null;

const message = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

// Models made anywhere (training, the weights card, saved models, checkpoints) appear at once.
onModelsChanged((change) => {
  if (change === 'terminated') useXrayStore.getState().setModels([]);
  else refreshModels().catch(() => undefined); // the worker went away meanwhile
});

/** Starts the worker's backend (if needed) and shows which one runs. */
export async function connectBackend(): Promise<void> {
  try {
    const backend = await ensureBackend(preferredBackend());
    useXrayStore.setState({ backend });
    useXrayStore.getState().setModels(await listModels());
  } catch (error) {
    useXrayStore.setState({ notice: `The worker could not start: ${message(error)}` });
  }
}

/**
 * Builds a random-weights model in the worker and selects it (when fewer than 3 are selected).
 * The seed makes it reproducible: the same seed, architecture and depth give the same weights.
 * @param arch architecture id
 * @param unitsRemoved final units removed
 * @param seed initialiser seed
 */
export async function createRandomModel(
  arch: string,
  unitsRemoved: number,
  seed: number,
): Promise<void> {
  const request: CreateModelRequest = { arch, unitsRemoved, numClasses: 5, init: 'random', seed };
  const info = await createModel(request);
  const store = useXrayStore.getState();
  useXrayStore.setState({
    requests: { ...store.requests, [info.id]: { ...request, id: info.id } },
  });
  store.setModels(await listModels());
  if (!useXrayStore.getState().selected.includes(info.id)) store.toggleSelected(info.id);
  useXrayStore.setState({ backend: await ensureBackend(preferredBackend()) });
}

/**
 * Disposes a model in the worker and forgets it here.
 * @param id registry id
 */
export async function removeModel(id: string): Promise<void> {
  await disposeModel(id);
  const requests = Object.fromEntries(
    Object.entries(useXrayStore.getState().requests).filter(([key]) => key !== id),
  );
  useXrayStore.setState({ requests });
  useXrayStore.getState().setModels(await listModels());
}

/**
 * Adds files to the queue and starts it when idle.
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

async function processItem(item: QueueItem, signal: AbortSignal): Promise<void> {
  const { updateItem, selected } = useXrayStore.getState();
  if (selected.length === 0 || item.file === null) {
    updateItem(item.key, { status: 'error', message: 'No model selected: create one first.' });
    return;
  }
  updateItem(item.key, { status: 'running' });
  try {
    const files = await readDroppedFiles([item.file]);
    const [result] = await predictImages(
      files,
      selected,
      { thumbnailSize: THUMBNAIL_SIZE },
      undefined,
      signal,
    );
    if (result === undefined) throw new Error('the worker returned no result');
    const failed = result.status === 'error';
    updateItem(item.key, {
      status: failed ? 'error' : 'done',
      file: null,
      result,
      ...(failed && result.error ? { message: result.error.sentence, refusal: result.error } : {}),
    });
  } catch (error) {
    if (signal.aborted) updateItem(item.key, { status: 'cancelled', message: 'Cancelled' });
    else updateItem(item.key, { status: 'error', file: null, message: message(error) });
  }
}

async function runQueue(): Promise<void> {
  if (running) return;
  running = true;
  controller = new AbortController();
  try {
    for (;;) {
      const next = useXrayStore.getState().items.find((it) => it.status === 'queued');
      if (next === undefined || controller.signal.aborted) break;
      await processItem(next, controller.signal);
    }
  } finally {
    running = false;
    controller = null;
  }
}

/**
 * Refreshes the list of models the worker holds (e.g. after training registered one).
 */
export async function refreshModels(): Promise<void> {
  useXrayStore.getState().setModels(await listModels());
}

/**
 * Rebuilds the models made here after the worker was terminated.
 * @param before the models and selection just before the worker went away
 * @returns how many models from elsewhere (training, loaded weights) were lost with the worker
 */
async function rebuildModels(before: {
  readonly models: readonly ModelInfo[];
  readonly selected: readonly string[];
}): Promise<number> {
  const { requests } = useXrayStore.getState();
  const { selected, models: previous } = before;
  const lost = previous.filter((m) => requests[m.id] === undefined).length;
  for (const request of Object.values(requests)) await createModel(request);
  const models = await listModels();
  useXrayStore.setState({
    models,
    selected: selected.filter((id) => models.some((m) => m.id === id)),
  });
  useXrayStore.setState({ backend: await ensureBackend(preferredBackend()) });
  return lost;
}

/** Cancels the batch: the file in flight is abandoned, queued files are marked cancelled. */
export async function cancelQueue(): Promise<void> {
  const active = controller;
  useXrayStore.setState((s) => ({
    items: s.items.map((it) =>
      it.status === 'queued'
        ? { ...it, status: 'cancelled', file: null, message: 'Cancelled' }
        : it,
    ),
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
