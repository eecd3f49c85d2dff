/**
 * The worker API's backend methods, spread into `api` (api.ts): choose and check a tfjs backend,
 * report it, and what tfjs holds for leak checks.
 */
import * as tf from '@tensorflow/tfjs';
import { activeBackend, chooseBackend } from './backend.ts';
import type { BackendInfo, BackendName, BackendPurpose, MemoryInfo } from '../protocol.ts';

export const backendApi = {
  /**
   * Chooses and checks a backend (see backend.ts).
   * @param purpose 'infer' or 'train'
   * @param preferred a backend to try first
   * @returns the active backend with its adapter and the attempts made
   */
  initBackend(purpose: BackendPurpose, preferred?: BackendName): Promise<BackendInfo> {
    return chooseBackend(purpose, preferred);
  },

  /** @returns the active backend (chosen by `initBackend`, a training run or its fallback) */
  backendInfo(): BackendInfo | null {
    return activeBackend();
  },

  /** @returns what tfjs holds (tensor count and bytes), for leak checks */
  memory(): MemoryInfo {
    const { numTensors, numBytes } = tf.memory();
    return { numTensors, numBytes };
  },
};
