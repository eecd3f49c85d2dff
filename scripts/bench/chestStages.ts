/**
 * The chest bench's split of each run into the stages the worker reports itself
 * (inferenceProtocol.ts `FileTiming` and `ModelTiming`); DOM-free, used in Node and in the page.
 */
import type { FilePrediction } from '../../src/worker/protocol.ts';

/** Per-run ms of each stage the worker reports (inferenceProtocol.ts FileTiming/ModelTiming). */
export type ChestStages = Record<'decode' | 'prepare' | 'forward' | 'saliency' | 'read', number[]>;

/**
 * @param stages where each run's stages are appended
 * @param out one file's result
 */
export function addStages(stages: ChestStages, out: FilePrediction | undefined): void {
  const f = out?.timing;
  const m = out?.predictions[0]?.timing;
  if (f === undefined || m === undefined) return;
  stages.decode.push(f.decodeMs);
  stages.prepare.push(f.prepareMs);
  stages.forward.push(m.forwardMs);
  stages.saliency.push(m.saliencyMs);
  stages.read.push(m.readMs);
}

/** @returns an empty stage record */
export const noStages = (): ChestStages => ({
  decode: [],
  prepare: [],
  forward: [],
  saliency: [],
  read: [],
});
