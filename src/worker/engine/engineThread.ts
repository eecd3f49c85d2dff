/**
 * A pool thread of the engine in the browser: a module Worker started by the inference worker
 * (browserEngine.ts). It instantiates the threaded build on the shared memory it is given, takes
 * its own stack, and parks in `eng_worker_loop` until the engine shuts down.
 */
interface ThreadInit {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly tid: number;
  readonly stackBase: number;
  readonly stackBytes: number;
}

interface ThreadExports {
  eng_thread_init(base: number, bytes: number): void;
  eng_worker_loop(tid: number): void;
}

self.onmessage = async (event: MessageEvent<ThreadInit>): Promise<void> => {
  const { module, memory, tid, stackBase, stackBytes } = event.data;
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  const exports = instance.exports as unknown as ThreadExports;
  exports.eng_thread_init(stackBase, stackBytes);
  exports.eng_worker_loop(tid); // returns after eng_shutdown
  self.close();
};
