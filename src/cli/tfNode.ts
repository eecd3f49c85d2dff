/**
 * TensorFlow.js for the command line, loaded lazily (`chextransfer --help` and `stats` never pull
 * it in) and quiet: tfjs's CPU backend greets every Node process with a "Hi, looks like you are
 * running TensorFlow.js in Node.js" banner on stderr through its `warn` helper, which stays silent
 * when the `PROD` flag is set. In tfjs 4.22 `PROD` gates only that helper and `log` (tfjs-core
 * `log.ts`, `environment.ts`), no numerical check, so setting it changes nothing else.
 */
import type * as Tf from '@tensorflow/tfjs';

/**
 * @param backend 'cpu' (default) or 'wasm' (finds its .wasm in node_modules itself)
 * @returns the tfjs module, with the backend ready
 * @throws Error when the backend does not start
 */
export async function loadTf(backend: 'cpu' | 'wasm' = 'cpu'): Promise<typeof Tf> {
  const tf = await import('@tensorflow/tfjs');
  tf.env().set('PROD', true);
  if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} failed to start`);
  return tf;
}
