/**
 * The chest bench's timed images, in Node and in the page alike: a warm-up image, then `runs`
 * timed ones, each split into the stages the worker reports itself (inferenceProtocol.ts
 * `FileTiming` and `ModelTiming`). DOM-free.
 */
import type { FilePrediction } from '../../src/worker/protocol.ts';

/** Per-run ms of each stage the worker reports (inferenceProtocol.ts FileTiming/ModelTiming). */
export type ChestStages = Record<'decode' | 'prepare' | 'forward' | 'saliency' | 'read', number[]>;

/**
 * @param stages where each run's stages are appended
 * @param out one file's result
 */
function addStages(stages: ChestStages, out: FilePrediction | undefined): void {
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
const noStages = (): ChestStages => ({
  decode: [],
  prepare: [],
  forward: [],
  saliency: [],
  read: [],
});

/** What `timeImages` measured. */
export interface TimedImages {
  readonly times: number[];
  readonly stages: ChestStages;
  /** Probabilities finite and a Grad-CAM map present in every run. */
  readonly ok: boolean;
}

/**
 * @param runs timed images (after one warm-up image, which compiles)
 * @param predictOnce reads one image end to end and returns its result
 * @returns each timed image's total and stages, and the checks on every result
 */
export async function timeImages(
  runs: number,
  predictOnce: () => Promise<FilePrediction | undefined>,
): Promise<TimedImages> {
  const times: number[] = [];
  const stages = noStages();
  let ok = true;
  for (let i = 0; i <= runs; i++) {
    const t0 = performance.now();
    const out = await predictOnce();
    if (i > 0) {
      times.push(performance.now() - t0); // run 0 warms up and compiles
      addStages(stages, out);
    }
    const p = out?.predictions[0];
    ok &&= p !== undefined && p.probabilities.every(Number.isFinite) && p.saliency.length > 0;
  }
  return { times, stages, ok };
}
