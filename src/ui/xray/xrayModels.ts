/**
 * The X-ray panel's model verbs, outside React: connect to the worker, build a seeded random-init
 * model, remove one, follow models made elsewhere (training, the weights card, checkpoints), and
 * rebuild the models made here after a cancel restarted the worker (same seeds, same weights).
 */
import {
  createModel,
  disposeModel,
  ensureBackend,
  listModels,
  onModelsChanged,
  preferredBackend,
} from '../../client/studyClient.ts';
import type { CreateModelRequest, ModelInfo } from '../../worker/protocol.ts';
import { useXrayStore } from './xrayStore.ts';

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
 * Builds a random-init model in the worker and selects it (when fewer than 3 are selected).
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

/** The untrained model the first-drop offer builds: small, fast on WASM, always the same. */
export const UNTRAINED_OFFER = { arch: 'resnet18', label: 'ResNet-18', seed: 1 } as const;

/** Builds the first-drop offer's untrained model (random weights, seed 1; labelled as such). */
export function createUntrainedModel(): Promise<void> {
  return createRandomModel(UNTRAINED_OFFER.arch, 0, UNTRAINED_OFFER.seed);
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

/** Refreshes the list of models the worker holds (e.g. after training registered one). */
export async function refreshModels(): Promise<void> {
  useXrayStore.getState().setModels(await listModels());
}

/**
 * Rebuilds the models made here after the worker was terminated.
 * @param before the models and selection just before the worker went away
 * @returns how many models from elsewhere (training, loaded weights) were lost with the worker
 */
export async function rebuildModels(before: {
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
