/**
 * Models saved in this browser (IndexedDB, kept by the worker) and models loaded from files:
 * a small store so the list refreshes after a save from the result card. Loading registers the
 * model in the worker for the X-ray panel.
 */
import { create } from 'zustand';
import {
  deleteSavedModel,
  listSavedModels,
  loadModelFiles,
  loadSavedModel,
} from '../../client/trainingClient.ts';
import type { SavedModelInfo } from '../../worker/protocol.ts';
import { refreshModels } from '../xray/xrayModels.ts';

interface SavedModelsState {
  readonly models: readonly SavedModelInfo[];
  /** The outcome of the last action, or why it failed. */
  readonly message: { readonly kind: 'ok' | 'error'; readonly text: string } | null;
  readonly busy: boolean;
  readonly refresh: () => Promise<void>;
  readonly load: (name: string) => Promise<void>;
  readonly remove: (name: string) => Promise<void>;
  readonly loadFiles: (files: readonly File[]) => Promise<void>;
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The saved models and the actions on them. */
export const useSavedModels = create<SavedModelsState>()((set) => {
  /** Runs an action, keeping the list as it was when it fails. */
  const run = async (work: () => Promise<string>): Promise<void> => {
    set({ busy: true });
    try {
      const text = await work();
      set({ message: { kind: 'ok', text } });
    } catch (error) {
      set({ message: { kind: 'error', text: messageOf(error) } });
    } finally {
      set({ busy: false });
    }
  };
  return {
    models: [],
    message: null,
    busy: false,
    refresh: async () => {
      try {
        set({ models: await listSavedModels() });
      } catch (error) {
        set({
          message: { kind: 'error', text: `Could not list saved models: ${messageOf(error)}` },
        });
      }
    },
    load: (name) =>
      run(async () => {
        const info = await loadSavedModel(name);
        await refreshModels();
        return `Loaded "${name}" as model ${info.id}: it is in the X-ray panel's model list.`;
      }),
    remove: (name) =>
      run(async () => {
        const removed = await deleteSavedModel(name);
        set({ models: await listSavedModels() });
        return removed ? `Deleted "${name}".` : `"${name}" was not saved here.`;
      }),
    loadFiles: (files) =>
      run(async () => {
        const inputs = await Promise.all(
          files.map(async (f) => ({ name: f.name, bytes: await f.arrayBuffer() })),
        );
        const outcome = await loadModelFiles(inputs);
        if (!outcome.ok) throw new Error(outcome.message);
        await refreshModels();
        return `Loaded ${files.map((f) => f.name).join(' + ')} as model ${outcome.model.id}: it is in the X-ray panel's model list.`;
      }),
  };
});
