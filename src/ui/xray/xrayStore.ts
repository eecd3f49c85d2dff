/**
 * The X-ray panel's own store. Deliberately separate from the app store: nothing here reaches the
 * permalink (`urlSync.ts` reads only the app store), because images, their DICOM headers and their
 * results must never go into a link. Kept at module level so a batch keeps running, and its
 * results stay, while another tab is open.
 */
import { create } from 'zustand';
import type {
  CreateModelRequest,
  FilePrediction,
  ModelInfo,
  Refusal,
} from '../../worker/protocol.ts';
import type { BackendInfo } from '../../worker/protocol.ts';
import type { ColormapName } from './colormaps.ts';

/** Where a file is in the batch queue. */
export type QueueStatus = 'queued' | 'running' | 'done' | 'error' | 'cancelled';

/** One dropped file and, once processed, its result. */
export interface QueueItem {
  readonly key: number;
  readonly name: string;
  /**
   * The file handle (a reference, not the bytes: they are read for each run and never kept here),
   * so a model added later can read the image too; null once the file failed or was cancelled.
   */
  readonly file: File | null;
  /** Queued to add the rows of these models only (a model added after the image was read). */
  readonly pending?: readonly string[] | undefined;
  readonly status: QueueStatus;
  /** Why the file failed or was cancelled. */
  readonly message?: string;
  /** The decoder's refusal (code, plain sentence, detail) when the file was refused. */
  readonly refusal?: Refusal;
  readonly result?: FilePrediction;
  /** The person chose "Show the output anyway" on an out-of-distribution image. */
  readonly revealed: boolean;
}

/** The most models compared side by side on one image. */
export const MAX_COMPARED_MODELS = 3;

/** State and verbs of the X-ray panel. */
export interface XrayState {
  models: ModelInfo[];
  /** Active model ids, in the order they are shown (at most MAX_COMPARED_MODELS). */
  selected: string[];
  /** How each model made here was created, to rebuild it after a cancel restarts the worker. */
  requests: Record<string, CreateModelRequest>;
  backend: BackendInfo | null;
  items: QueueItem[];
  notice: string | null;
  threshold: number;
  sortByProbability: boolean;
  /** Show TorchXRayVision's calibrated values (op_norm) where a model has operating points. */
  calibrated: boolean;
  colormap: ColormapName;
  opacity: number;
  /** Replaces the list; when nothing is selected, the newest model is. */
  setModels: (models: ModelInfo[]) => void;
  toggleSelected: (id: string) => void;
  updateItem: (key: number, patch: Partial<Omit<QueueItem, 'key'>>) => void;
  setDisplay: (
    patch: Partial<
      Pick<XrayState, 'threshold' | 'sortByProbability' | 'calibrated' | 'colormap' | 'opacity'>
    >,
  ) => void;
}

/** The X-ray panel's store (not persisted, not linked). */
export const useXrayStore = create<XrayState>()((set) => ({
  models: [],
  selected: [],
  requests: {},
  backend: null,
  items: [],
  notice: null,
  threshold: 0.5,
  sortByProbability: false,
  calibrated: true,
  colormap: 'jet',
  opacity: 0.45,
  setModels: (models) =>
    set((s) => {
      const kept = s.selected.filter((id) => models.some((m) => m.id === id));
      const newest = models.at(-1)?.id;
      return { models, selected: kept.length === 0 && newest !== undefined ? [newest] : kept };
    }),
  toggleSelected: (id) =>
    set((s) => {
      if (s.selected.includes(id)) return { selected: s.selected.filter((x) => x !== id) };
      if (s.selected.length >= MAX_COMPARED_MODELS) return {};
      return { selected: [...s.selected, id] };
    }),
  updateItem: (key, patch) =>
    set((s) => ({ items: s.items.map((it) => (it.key === key ? { ...it, ...patch } : it)) })),
  setDisplay: (patch) => set(patch),
}));
