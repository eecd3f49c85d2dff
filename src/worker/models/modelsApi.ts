/**
 * The worker API's saved and exported models, spread into `api` (api.ts): save a registered model
 * in IndexedDB, list, load and delete saved ones, export files and load exported files back.
 */
import { transfer } from 'comlink';
import { exportModel, type LoadFilesResult } from './modelFiles.ts';
import { loadModelFiles } from './modelFilesLoad.ts';
import * as saved from './trainedModels.ts';
import type { ExportedFile, ModelFileInput, ModelInfo, SavedModelInfo } from '../protocol.ts';

export const modelsApi = {
  /**
   * Saves a registered model in IndexedDB ('chextransfer-models') under a name.
   * @param modelId registry id, e.g. `TrainResult.modelId`
   * @param name the name (replaces a saved model of that name)
   * @returns the stored record
   */
  saveTrainedModel(modelId: string, name: string): Promise<SavedModelInfo> {
    return saved.saveTrainedModel(modelId, name);
  },

  /** @returns the saved models' records, newest first */
  listSavedModels(): Promise<SavedModelInfo[]> {
    return saved.listSavedModels();
  },

  /**
   * @param name a saved model's name
   * @returns the registered model (id `saved-<name>`, init 'trained')
   */
  loadSavedModel(name: string): Promise<ModelInfo> {
    return saved.loadSavedModel(name);
  },

  /**
   * @param name a saved model's name
   * @returns whether it existed
   */
  deleteSavedModel(name: string): Promise<boolean> {
    return saved.deleteSavedModel(name);
  },

  /**
   * @param modelId registry id
   * @param format 'safetensors' (timm names + `.json` sidecar) or 'tfjs' (model.json + weights.bin)
   * @returns the files, buffers transferred
   */
  async exportTrainedModel(
    modelId: string,
    format: 'safetensors' | 'tfjs',
  ): Promise<{ files: ExportedFile[] }> {
    const files = await exportModel(modelId, format);
    return transfer(
      { files },
      files.map((f) => f.bytes),
    );
  },

  /**
   * Loads exported files back (our safetensors + optional `.json`, or model.json + weights.bin).
   * @param files names and bytes (transfer them)
   * @returns the registered model, or `{ ok: false, message }` with nothing changed
   */
  loadModelFiles(files: readonly ModelFileInput[]): Promise<LoadFilesResult> {
    return loadModelFiles(files);
  },
};
