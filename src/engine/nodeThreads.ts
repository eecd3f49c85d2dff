/**
 * Node pool threads: worker_threads running a tiny inline script (no file to resolve, so it
 * works the same under tsx, vitest and the bundled CLI). The module and the shared memory are
 * posted in workerData; the worker instantiates, takes its stack and parks in eng_worker_loop
 * until eng_shutdown.
 */
import { Worker } from 'node:worker_threads';
import type { SpawnThread } from './types.ts';

const POOL_THREAD = `
const { workerData } = require('node:worker_threads');
const { module, memory, tid, stackBase, stackBytes } = workerData;
const instance = new WebAssembly.Instance(module, { env: { memory } });
instance.exports.eng_thread_init(stackBase, stackBytes);
instance.exports.eng_worker_loop(tid);
`;

/** A SpawnThread for Node. */
export const nodeSpawnThread: SpawnThread = (init) => {
  // A Node worker_threads thread, not the app's DOM Worker (which only studyClient.ts creates).
  // eslint-disable-next-line no-restricted-syntax
  const worker = new Worker(POOL_THREAD, { eval: true, workerData: init });
  // A pool thread must not keep the process alive once the engine is done with it.
  worker.unref();
  return { terminate: () => void worker.terminate() };
};
