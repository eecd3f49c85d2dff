/**
 * Trained models saved in the browser (IndexedDB 'chextransfer-models', through `idb`): the
 * timm-named safetensors bytes of `saveWeights` plus a small record (architecture, truncation,
 * input size, the configuration without the person's files, the result, when). Our own format on
 * purpose: loading rebuilds the model with `buildModel` and `loadWeights` (strict), which needs
 * no TensorFlow.js layer serialisation of our custom layers. Two stores, so that listing the
 * records never reads the weights.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { parseSafetensors } from '../../zoo/weights/safetensors.ts';
import { describeForSaving, fileBase, registerTrained, safetensorsOf } from './modelFiles.ts';
import type { ModelInfo } from '../inference/inferenceProtocol.ts';
import type { SavedModelInfo } from '../protocol.ts';

/** IndexedDB database of saved models. */
export const MODELS_DB = 'chextransfer-models';

interface ModelsDb extends DBSchema {
  info: { key: string; value: SavedModelInfo };
  weights: { key: string; value: ArrayBuffer };
}

let db: Promise<IDBPDatabase<ModelsDb>> | null = null;

function open(): Promise<IDBPDatabase<ModelsDb>> {
  if (typeof indexedDB === 'undefined')
    throw new Error(
      'Saving models needs IndexedDB, which this browser context does not offer (private mode or an old browser?). Download the model instead.',
    );
  db ??= openDB<ModelsDb>(MODELS_DB, 1, {
    upgrade(d) {
      d.createObjectStore('info', { keyPath: 'name' });
      d.createObjectStore('weights');
    },
  });
  db.catch(() => (db = null));
  return db;
}

/** Closes the connection (tests delete the database afterwards). */
export async function closeModelsDb(): Promise<void> {
  const d = db;
  db = null;
  (await d)?.close();
}

/**
 * Saves a registered model under a name (replacing one of that name).
 * @param modelId registry id (a trained, loaded or any zoo model)
 * @param name the name to save under; trimmed, 1–100 characters
 * @returns the stored record
 * @throws Error on an empty name, an unknown model or no IndexedDB
 */
export async function saveTrainedModel(modelId: string, name: string): Promise<SavedModelInfo> {
  const key = name.trim();
  if (key.length === 0 || key.length > 100)
    throw new Error('A saved model needs a name of 1–100 characters.');
  const bytes = safetensorsOf(modelId);
  const { info } = describeForSaving(modelId, key, bytes.byteLength);
  const d = await open();
  const tx = d.transaction(['info', 'weights'], 'readwrite');
  await Promise.all([
    tx.objectStore('info').put(info),
    tx.objectStore('weights').put(bytes.buffer as ArrayBuffer, key),
    tx.done,
  ]);
  return info;
}

/** @returns every saved model's record, newest first (no weights are read) */
export async function listSavedModels(): Promise<SavedModelInfo[]> {
  const all = await (await open()).getAll('info');
  return all.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}

/**
 * Loads a saved model into the registry (init 'trained'), under id `saved-<name>`.
 * @param name its saved name
 * @returns the registered model's info
 * @throws Error when there is no model of that name or its weights no longer fit
 */
export async function loadSavedModel(name: string): Promise<ModelInfo> {
  const d = await open();
  const [info, bytes] = await Promise.all([d.get('info', name), d.get('weights', name)]);
  if (info === undefined || bytes === undefined) throw new Error(`No saved model named "${name}".`);
  const auc = info.result?.meanAuc == null ? '' : `, mean AUC ${info.result.meanAuc.toFixed(3)}`;
  const source = `saved in this browser as "${name}" (${info.savedAt.slice(0, 16).replace('T', ' ')})${auc}`;
  const record = { config: info.config, result: info.result };
  const out = registerTrained(
    parseSafetensors(bytes),
    info,
    `saved-${fileBase(name)}`,
    source,
    record,
  );
  if (!out.ok) throw new Error(out.message);
  return out.model;
}

/**
 * @param name a saved name
 * @returns whether a model of that name was deleted
 */
export async function deleteSavedModel(name: string): Promise<boolean> {
  const d = await open();
  const found = (await d.getKey('info', name)) !== undefined;
  const tx = d.transaction(['info', 'weights'], 'readwrite');
  await Promise.all([
    tx.objectStore('info').delete(name),
    tx.objectStore('weights').delete(name),
    tx.done,
  ]);
  return found;
}
