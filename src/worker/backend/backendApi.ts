/**
 * The worker API's backend methods, spread into `api` (api.ts): choose and check a tfjs backend,
 * report it, and what tfjs holds for leak checks.
 */
import * as tf from '@tensorflow/tfjs';
import { activeBackend, chooseBackend } from './backend.ts';
import { probeBackend } from './probe.ts';
import type {
  BackendProbe,
  BackendInfo,
  BackendName,
  BackendOptions,
  BackendPurpose,
  MemoryInfo,
} from '../protocol.ts';

export const backendApi = {
  /**
   * Chooses and checks a backend (see backend.ts).
   * @param purpose 'infer' or 'train'
   * @param preferred a backend to try first
   * @param options WASM threads (all cores, capped, when omitted; fixed once WASM has started)
   * @returns the active backend with its adapter or WASM threads, and the attempts made
   */
  initBackend(
    purpose: BackendPurpose,
    preferred?: BackendName,
    options: BackendOptions = {},
  ): Promise<BackendInfo> {
    return chooseBackend(purpose, preferred, [], options);
  },

  /** @returns the active backend (chosen by `initBackend`, a training run or its fallback) */
  backendInfo(): BackendInfo | null {
    return activeBackend();
  },

  /**
   * Measures one backend's training speed (backend/probe.ts). Meant for a worker of its own: it
   * switches this worker's backend.
   * @param name the backend
   * @param budgetMs this backend's whole time (see probeBackend)
   * @param onPartial a `Comlink.proxy` told the probe so far (device, then timings)
   * @returns its step timings and fitted rate, or why there are none
   */
  probeTrainingBackend(
    name: BackendName,
    budgetMs: number,
    onPartial?: (probe: BackendProbe) => void,
  ): Promise<BackendProbe> {
    return probeBackend(name, budgetMs, onPartial && ((p) => void onPartial(p)));
  },

  /** @returns what tfjs holds (tensor count and bytes), for leak checks */
  memory(): MemoryInfo {
    const { numTensors, numBytes } = tf.memory();
    return { numTensors, numBytes };
  },
};
