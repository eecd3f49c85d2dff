/**
 * The node engine: the task runs in this process on TensorFlow.js's CPU backend (with the app's
 * fast CPU kernels), for CI and CPU clusters. `@tensorflow/tfjs-node` is not used: its install
 * downloads libtensorflow, which offline clusters and Debian lack.
 */
import { runHeadless, type HeadlessOutput } from '../worker/training/headless.ts';
import type { EngineTask } from './run.ts';

/**
 * @param task the task, without a backend
 * @returns the run's output
 */
export function runOnNode(task: EngineTask): Promise<HeadlessOutput> {
  const { datasetPath, ...headless } = task;
  void datasetPath; // the request already holds the files
  return runHeadless({ ...headless, backend: 'cpu' });
}
