/**
 * PyTorch checkpoints through the worker: load one (a dropped file or a catalog URL), name the
 * weight set of an unnamed TorchXRayVision file, and ask whether an in-domain training run has a
 * chest-X-ray backbone. Every call goes through studyClient's `connect()`.
 */
import { proxy, transfer } from 'comlink';
import type {
  LoadCheckpointRequest,
  LoadCheckpointResult,
  ModelInfo,
  WeightsProgress,
} from '../worker/protocol.ts';
import { connect, ensureBackend, preferredBackend } from './studyClient.ts';

/**
 * Loads a checkpoint in the worker: the network is detected, built, loaded strictly and
 * registered. A dropped file's buffer is transferred (emptied here). A refused file comes back as
 * `{ ok: false, refusal }` (code, sentence, detail) and leaves the worker's models as they were.
 * @param request the file or URL, and what to build
 * @param onProgress download bytes, then 'loading'
 * @returns the registered model and what was found, or the refusal
 */
export async function loadCheckpoint(
  request: LoadCheckpointRequest,
  onProgress?: (event: WeightsProgress) => void,
): Promise<LoadCheckpointResult> {
  await ensureBackend(preferredBackend());
  const { source } = request;
  const sent = source.kind === 'buffer' ? transfer(request, [source.buffer]) : request;
  return connect().loadCheckpoint(sent, onProgress ? proxy(onProgress) : undefined);
}

/**
 * Builds the last loaded chest-X-ray checkpoint of an architecture truncated (the Lab's slider),
 * with a new 5-output head, and registers it ('in-domain': listed with an untrained-head warning).
 * @param arch architecture id
 * @param unitsRemoved units removed from the end
 * @returns the registered model, or `{ ok: false, refusal }`
 */
export async function truncateChestCheckpoint(
  arch: string,
  unitsRemoved: number,
): Promise<LoadCheckpointResult> {
  await ensureBackend(preferredBackend());
  return connect().truncateChestCheckpoint(arch, unitsRemoved);
}

/**
 * @param modelId a loaded TorchXRayVision model whose file did not name its weight set
 * @param chestId the weight set, e.g. 'densenet121-res224-chex'
 * @returns the model's updated info
 */
export function identifyChestModel(modelId: string, chestId: string): Promise<ModelInfo> {
  return connect().identifyChestModel(modelId, chestId);
}

/**
 * @param arch architecture id
 * @returns whether an 'in-domain' run can start from a loaded chest-X-ray checkpoint, and which
 */
export function inDomainWeightsAvailable(
  arch: string,
): Promise<{ available: boolean; source?: string }> {
  return connect().inDomainWeightsAvailable(arch);
}
