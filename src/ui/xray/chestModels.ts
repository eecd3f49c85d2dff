/**
 * The "Chest X-ray models" section's state and verbs, outside React (a load keeps going across tab
 * switches): download a catalog model (from Cache Storage when it is there), load a dropped or
 * picked checkpoint, name the weight set of an unnamed TorchXRayVision file, and the cache.
 */
import { create } from 'zustand';
import { identifyChestModel, loadCheckpoint } from '../../client/checkpointClient.ts';
import { weightsCacheInfo } from '../../client/studyClient.ts';
import { CHEST_MODELS, chestModelFileName, type ChestModelMeta } from '../../zoo/chestCatalog.ts';
import type { LoadCheckpointResult, Refusal, WeightsProgress } from '../../worker/protocol.ts';
import { MAX_COMPARED_MODELS, useXrayStore } from './xrayStore.ts';
import { toRefusal } from '../../refusal/refusal.ts';
import { weightsFileTooLarge } from '../../zoo/weights/weightsFile.ts';

/** What the last load did, for the section's status region. */
export type ChestOutcome =
  | {
      readonly kind: 'loading';
      readonly what: string;
      readonly done?: number;
      readonly total?: number;
    }
  | {
      readonly kind: 'loaded';
      readonly modelId: string;
      readonly label: string;
      readonly fromCache: boolean;
      /** Weight sets to choose from when the file did not name its own. */
      readonly choose: readonly string[];
    }
  | {
      readonly kind: 'refused';
      /** The reader's, the loader's or the download's refusal (code, sentence, detail). */
      readonly refusal: Refusal;
      /** Set when the host refused the download: where to get the file by hand. */
      readonly url?: string;
    };

interface ChestState {
  outcome: ChestOutcome | null;
  /** Catalog URLs held in Cache Storage, with their size in bytes. */
  cached: Readonly<Record<string, number>>;
}

/** The section's store (not linked, not persisted). */
export const useChestStore = create<ChestState>()(() => ({ outcome: null, cached: {} }));

const CATALOG_URLS = new Set(CHEST_MODELS.map((m) => m.url.value));

/** Reads which catalog files the browser has cached. */
export async function refreshChestCache(): Promise<void> {
  const info = await weightsCacheInfo();
  const cached: Record<string, number> = {};
  for (const e of info.entries) if (CATALOG_URLS.has(e.url)) cached[e.url] = e.bytes;
  useChestStore.setState({ cached });
}

function select(modelId: string): void {
  const xray = useXrayStore.getState();
  if (!xray.selected.includes(modelId) && xray.selected.length < MAX_COMPARED_MODELS)
    xray.toggleSelected(modelId);
}

function settle(result: LoadCheckpointResult, url?: string): void {
  if (!result.ok) {
    const { refusal } = result;
    const blocked = refusal.code === 'DOWNLOAD_BLOCKED' && url !== undefined ? { url } : {};
    useChestStore.setState({ outcome: { kind: 'refused', refusal, ...blocked } });
    return;
  }
  const choose = result.info.chestModel === undefined ? result.candidates : [];
  useChestStore.setState({
    outcome: {
      kind: 'loaded',
      modelId: result.modelId,
      label: result.info.source,
      fromCache: result.fromCache,
      choose,
    },
  });
  select(result.modelId);
}

const progressTo =
  (what: string) =>
  (e: WeightsProgress): void => {
    const at = e.type === 'download' ? { done: e.done, total: e.total } : {};
    useChestStore.setState({ outcome: { kind: 'loading', what, ...at } });
  };

/**
 * Downloads (or reads from the cache) a catalog model and registers it.
 * @param meta the catalog entry
 */
export async function downloadChestModel(meta: ChestModelMeta): Promise<void> {
  const url = meta.url.value;
  progressTo(meta.id)({ type: 'loading' });
  const result = await loadCheckpoint(
    { source: { kind: 'url', url }, fileName: chestModelFileName(meta), chestId: meta.id },
    progressTo(meta.id),
  );
  settle(result, url);
  await refreshChestCache().catch(() => undefined);
}

/**
 * Loads a dropped or picked `.pt`/`.pth` file (its bytes go to the worker, nowhere else).
 * @param file the file
 */
export async function loadCheckpointFile(file: File): Promise<void> {
  // checked before the file is read into the page
  const tooLarge = weightsFileTooLarge(file.size, file.name);
  if (tooLarge !== null) return settle({ ok: false, refusal: toRefusal(tooLarge) });
  progressTo(file.name)({ type: 'loading' });
  const buffer = await file.arrayBuffer();
  const result = await loadCheckpoint(
    { source: { kind: 'buffer', buffer, name: file.name }, fileName: file.name },
    progressTo(file.name),
  );
  settle(result);
  await refreshChestCache().catch(() => undefined);
}

/**
 * Names the weight set of the last loaded TorchXRayVision file.
 * @param modelId its registry id
 * @param chestId the weight set chosen
 */
export async function chooseWeightSet(modelId: string, chestId: string): Promise<void> {
  const info = await identifyChestModel(modelId, chestId);
  useChestStore.setState({
    outcome: { kind: 'loaded', modelId, label: info.source, fromCache: false, choose: [] },
  });
}
