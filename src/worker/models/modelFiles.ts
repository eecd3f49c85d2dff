/**
 * Trained models as files: export a registered model as timm-named safetensors (+ a `.json`
 * sidecar with its configuration and result) or as a TensorFlow.js model.json + weights.bin, and
 * load such files back into the registry. Safetensors loading rebuilds the architecture with
 * `buildModel` and loads strictly, so only complete, 5-output files of a zoo architecture pass.
 */
import * as tf from '@tensorflow/tfjs';
import { isRefusal } from '../../refusal/refusal.ts';
import { buildModel } from '../../zoo/build.ts';
import { isArchId } from '../../zoo/catalog.ts';
import { loadWeights } from '../../zoo/weights/load.ts';
import { bnEpsilonForFile } from '../../zoo/weights/bnEpsilon.ts';
import type { SafetensorsFile } from '../../zoo/weights/safetensors.ts';
import { saveWeights } from '../../zoo/weights/save.ts';
import { describeModel, requireModel, setActiveModel } from './models.ts';
import { rememberRun, runRecordOf, type RunRecord } from '../training/runRecords.ts';
import type { ModelInfo } from '../inference/inferenceProtocol.ts';
import type { ExportedFile, SavedModelInfo } from '../protocol.ts';

/** Marks our sidecars and tfjs metadata, so a foreign JSON is recognised as such. */
export const SIDECAR_FORMAT = 'chextransfer-model-v1';

/** What a chest model needs besides its weights. */
export interface ModelShape {
  readonly arch: string;
  readonly unitsRemoved: number;
  readonly inputSize: number;
  readonly numClasses: number;
  /** 1 for grey-input models (TorchXRayVision preprocessing); default 3. */
  readonly inChannels?: number;
}

/** A file's refusal or the registered model. */
export type LoadFilesResult =
  | { readonly ok: true; readonly model: ModelInfo }
  | { readonly ok: false; readonly message: string };

const refuse = (message: string): LoadFilesResult => ({ ok: false, message });

/**
 * @param modelId registry id
 * @returns the model and its info
 * @throws Error for a model that is not trained: saved or exported, it would come back labelled
 *   'trained' and hide the random-weights / untrained-head warning
 */
function requireTrained(modelId: string): { model: tf.LayersModel; info: ModelInfo } {
  const found = requireModel(modelId);
  if (found.info.init !== 'trained')
    throw new Error(
      `Only trained models can be saved or downloaded; "${modelId}" has ${found.info.status}.`,
    );
  return found;
}

/** @returns a name safe for a download (letters, digits, . _ -) */
export const fileBase = (name: string): string => name.replace(/[^\w.-]+/g, '_') || 'model';

/**
 * @param modelId registry id
 * @param name the saved name
 * @param bytes size of the weights file
 * @returns the model's record as stored (IndexedDB) or written (sidecar)
 */
export function describeForSaving(
  modelId: string,
  name: string,
  bytes: number,
): { info: SavedModelInfo; model: tf.LayersModel } {
  const { model, info } = requireTrained(modelId);
  const record: RunRecord = runRecordOf(modelId) ?? { config: null, result: null };
  const { arch, unitsRemoved, inputSize, numClasses, inChannels } = info;
  const saved: SavedModelInfo = {
    name,
    arch,
    unitsRemoved,
    inputSize,
    numClasses,
    ...(inChannels === 3 ? {} : { inChannels }),
    config: record.config,
    result: record.result,
    savedAt: new Date().toISOString(),
    bytes,
  };
  return { info: saved, model };
}

/**
 * @param modelId registry id
 * @returns the model's timm-named safetensors bytes (with arch/numClasses/unitsRemoved metadata)
 */
export function safetensorsOf(modelId: string): Uint8Array {
  const { model, info } = requireTrained(modelId);
  return saveWeights(model, info.arch, info);
}

/**
 * Builds the architecture and loads a trained safetensors file into it strictly, then registers it.
 * @param file the parsed file
 * @param shape architecture, truncation, input size and classes
 * @param id registry id to use
 * @param source what the UI shows as the weights' origin
 * @param record configuration and result to remember (for saving it again)
 * @returns the registered model, or a refusal (nothing registered)
 */
export function registerTrained(
  file: SafetensorsFile,
  shape: ModelShape,
  id: string,
  source: string,
  record: RunRecord,
): LoadFilesResult {
  const { arch, unitsRemoved, inputSize, numClasses } = shape;
  if (!isArchId(arch)) return refuse(`Unknown architecture "${arch}" in the file's description.`);
  if (numClasses !== 5)
    return refuse(
      `This file has a ${numClasses}-output head, not the 5 CheXpert findings: it is not a chest model trained here. ImageNet weights are loaded with the weights card.`,
    );
  // a model fine-tuned from torchvision weights keeps their BatchNorm eps (saved in the metadata)
  const bnEpsilon = bnEpsilonForFile(arch, file);
  const inChannels = shape.inChannels ?? 3;
  const model = buildModel(arch, { numClasses, unitsRemoved, inputSize, bnEpsilon, inChannels });
  try {
    const opts = { numClasses, unitsRemoved, inChannels, strict: true };
    const report = loadWeights(model, arch, file, opts);
    if (report.headReinitialised) throw new Error('its 5-output head did not load');
  } catch (error) {
    model.dispose();
    // a coded refusal already says it plainly (its detail stays out of this one-line message)
    if (isRefusal(error)) return refuse(error.sentence);
    const why = error instanceof Error ? error.message : String(error);
    return refuse(`These weights do not fit ${arch} minus ${unitsRemoved} units: ${why}`);
  }
  const info = describeModel(id, model, {
    arch,
    unitsRemoved,
    numClasses,
    init: 'trained',
    source,
    ...(inChannels === 1 ? { preprocess: 'xrv' as const } : {}),
  });
  const stored = setActiveModel(id, model, info);
  rememberRun(id, record);
  return { ok: true, model: stored };
}

/**
 * @param modelId registry id
 * @param format 'safetensors' (timm names + `.json` sidecar) or 'tfjs' (model.json + weights.bin)
 * @returns the files to download
 */
export async function exportModel(
  modelId: string,
  format: 'safetensors' | 'tfjs',
): Promise<ExportedFile[]> {
  const base = fileBase(modelId);
  if (format === 'safetensors') {
    const bytes = safetensorsOf(modelId);
    const { info } = describeForSaving(modelId, base, bytes.byteLength);
    const json = new TextEncoder().encode(
      JSON.stringify({ format: SIDECAR_FORMAT, ...info }, null, 1),
    );
    return [
      {
        name: `${base}.safetensors`,
        type: 'application/octet-stream',
        bytes: bytes.buffer as ArrayBuffer,
      },
      { name: `${base}.json`, type: 'application/json', bytes: json.buffer },
    ];
  }
  return exportTfjs(modelId, base);
}

async function exportTfjs(modelId: string, base: string): Promise<ExportedFile[]> {
  const { info, model } = describeForSaving(modelId, base, 0);
  let artifacts: tf.io.ModelArtifacts | null = null;
  model.setUserDefinedMetadata({ [SIDECAR_FORMAT]: info });
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const a = artifacts as tf.io.ModelArtifacts | null;
  if (a?.weightData === undefined || a.weightSpecs === undefined)
    throw new Error('TensorFlow.js produced no weights for this model');
  const weights = tf.io.CompositeArrayBuffer.join(a.weightData);
  const modelJson = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    modelTopology: a.modelTopology,
    userDefinedMetadata: a.userDefinedMetadata,
    weightsManifest: [{ paths: [`${base}.weights.bin`], weights: a.weightSpecs }],
  };
  const json = new TextEncoder().encode(JSON.stringify(modelJson));
  return [
    { name: `${base}.model.json`, type: 'application/json', bytes: json.buffer },
    { name: `${base}.weights.bin`, type: 'application/octet-stream', bytes: weights },
  ];
}
