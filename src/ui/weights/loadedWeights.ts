/**
 * Which ImageNet weights are loaded in the worker, per architecture and depth, so that every
 * screen (the Lab, later the training screen) can show it. A small store of its own: it holds
 * worker results, not app state, and is not part of the permalink.
 */
import { create } from 'zustand';
import type { ModelInfo } from '../../worker/protocol.ts';
import type { LoadedWeightsFile, LoadReport } from '../../worker/protocol.ts';

/** One successful load, as the worker reported it. */
export interface LoadedWeights {
  readonly info: ModelInfo;
  readonly report: LoadReport;
  readonly weights: LoadedWeightsFile;
  /** Backend the worker loaded on (e.g. 'wasm'). */
  readonly backend: string;
}

interface LoadedWeightsState {
  readonly byModel: Readonly<Record<string, LoadedWeights>>;
  readonly remember: (loaded: LoadedWeights) => void;
}

/**
 * @param arch architecture id
 * @param unitsRemoved truncation
 * @returns the key of that model in the store
 */
export const loadedKey = (arch: string, unitsRemoved: number): string => `${arch}|${unitsRemoved}`;

/** The loaded weights, by `loadedKey`; `remember` replaces the entry of the same model. */
export const useLoadedWeights = create<LoadedWeightsState>()((set) => ({
  byModel: {},
  remember: (loaded) =>
    set((s) => ({
      byModel: {
        ...s.byModel,
        [loadedKey(loaded.info.arch, loaded.info.unitsRemoved)]: loaded,
      },
    })),
}));
