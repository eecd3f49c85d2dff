/**
 * The one application store, bound from slices (zustand's slices pattern). Components read it
 * with `useStore((s) => s.x)`, or `useShallow` for several fields; `urlSync.ts` mirrors a subset
 * into the URL hash.
 */
import { create } from 'zustand';
import type { AppState } from './slices.ts';
import {
  createFilterSlice,
  createImportSlice,
  createLabSlice,
  createStudySlice,
} from './slices.ts';
import type { RunsStorage } from './runsDb.ts';
import { createRunsSlice } from './runsSlice.ts';

export type { AppState, View } from './slices.ts';
export {
  VIEWS,
  createFilterSlice,
  createImportSlice,
  createLabSlice,
  createStudySlice,
} from './slices.ts';

/**
 * Creates a fresh store (tests use one each).
 * @param runsStorage where My runs are kept (default: IndexedDB)
 * @returns a bound zustand store
 */
export function createAppStore(runsStorage?: RunsStorage) {
  const runsSlice = createRunsSlice(runsStorage);
  return create<AppState>()((...a) => ({
    ...createStudySlice(...a),
    ...createFilterSlice(...a),
    ...createLabSlice(...a),
    ...createImportSlice(...a),
    ...runsSlice(...a),
  }));
}

/** The app's store. */
export const useStore = createAppStore();

export type AppStore = typeof useStore;
