/**
 * Entry of bench/training-direct.html (test builds only, see vite.config.ts): exposes
 * `window.__benchDirect.train`, which runs the worker's own `runTraining` on the page's main
 * thread. The benchmark runs the same request through the worker client and compares images/s,
 * so the difference is what the worker and Comlink add (nothing else competes on this page).
 */
import { runTraining } from '../../src/worker/training/training.ts';
import type {
  BackendName,
  TrainProgress,
  TrainRequest,
  TrainResult,
} from '../../src/worker/protocol.ts';

/** What the benchmark calls in the page. */
export interface DirectTrainingApi {
  /**
   * @param request the same request the worker run gets
   * @param backend the backend to train on
   * @returns the run's result and its 'epoch' events in order
   */
  train: (
    request: TrainRequest,
    backend: BackendName,
  ) => Promise<{ result: TrainResult; events: TrainProgress[] }>;
}

declare global {
  interface Window {
    __benchDirect?: DirectTrainingApi;
  }
}

window.__benchDirect = {
  async train(request, backend) {
    const events: TrainProgress[] = [];
    const result = await runTraining(request, (e) => void (e.type === 'epoch' && events.push(e)), {
      backend,
    });
    return { result, events };
  },
};
