/**
 * The node engine: the task runs in this process on TensorFlow.js's CPU backend (with the app's
 * fast CPU kernels), for CI and CPU clusters. `@tensorflow/tfjs-node` is not used: its install
 * downloads libtensorflow, which offline clusters and Debian lack.
 */
import {
  runHeadless,
  type HeadlessOutput,
  type HeadlessTask,
} from '../worker/training/headless.ts';

/**
 * @param task the task, without a backend
 * @returns the run's output
 */
export function runOnNode(task: Omit<HeadlessTask, 'backend'>): Promise<HeadlessOutput> {
  return runHeadless({ ...task, backend: 'cpu' });
}
