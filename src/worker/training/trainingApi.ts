/**
 * The worker API's training methods, spread into `api` (api.ts): one run at a time, with
 * pause/resume/evaluate/stop, and the test hook that loses the WebGPU device mid-run.
 */
import { loseDevice } from './checkpoint.ts';
import * as training from './training.ts';
import type { BackendName, TrainProgress, TrainRequest, TrainResult } from '../protocol.ts';

export const trainingApi = {
  /**
   * Trains a model (see training.ts); one run at a time. Chooses a training backend first unless
   * the active one trains (WebGPU → WebGL → CPU, never WASM); the 'start' event carries it. On a
   * lost WebGPU device the run continues on the next backend ('backend-lost' event).
   * @param request architecture, dataset and overrides of the defaults
   * @param onProgress a `Comlink.proxy` callback; events are throttled and never awaited
   * @param weights ImageNet safetensors bytes for a 'imagenet' run (transfer it); without them,
   *   the last ImageNet file loaded with the weights card for this architecture
   * @param backend a backend to try first ('wasm' is passed over, with a note in the attempts)
   * @returns the result as plain data; the model is in the registry under `result.modelId`
   */
  startTraining(
    request: TrainRequest,
    onProgress: (event: TrainProgress) => void,
    weights?: ArrayBuffer,
    backend?: BackendName,
  ): Promise<TrainResult> {
    const opts = {
      ...(weights === undefined ? {} : { weights }),
      ...(backend === undefined ? {} : { backend }),
    };
    return training.runTraining(request, (e) => void onProgress(e), opts);
  },

  /** @returns true when a run was asked to stop (after its current batch) */
  stopTraining(): boolean {
    return training.stopTraining();
  },

  /** @returns true when a run is in progress (it pauses before its next batch) */
  pauseTraining(): boolean {
    return training.pauseTraining();
  },

  /** @returns true when a run is in progress (it sends an 'evaluation' event before its next batch) */
  evaluateTrainingNow(): boolean {
    return training.evaluateTrainingNow();
  },

  /** @returns true when a run is in progress */
  resumeTraining(): boolean {
    return training.resumeTraining();
  },

  /** @returns the last run's result while its model is registered, else null */
  trainedModelInfo(): TrainResult | null {
    return training.trainedModel()?.result ?? null;
  },

  /** Disposes the last run's model (as `disposeModel(result.modelId)`). */
  disposeTrainedModel(): void {
    training.disposeTrainedModel();
  },

  /**
   * For tests and benchmarks only: destroys the active WebGPU device (a real device loss), so a
   * running training falls back to the next backend.
   * @returns false when the active backend is not WebGPU
   */
  loseDevice(): Promise<boolean> {
    return Promise.resolve(loseDevice());
  },
};
