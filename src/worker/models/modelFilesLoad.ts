/**
 * Loading trained-model files a person drops: our safetensors (+ optional `.json` sidecar) or a
 * TensorFlow.js model.json + weights.bin exported here. Every refusal says which file and why,
 * and leaves the registry as it was.
 */
import * as tf from '@tensorflow/tfjs';
import { countTruncated } from '../../zoo/analytic.ts';
import { isArchId } from '../../zoo/catalog.ts';
import { getArch } from '../../zoo/registry.ts';
import { parseSafetensors, type SafetensorsFile } from '../../zoo/weights/safetensors.ts';
import { describeModel, setActiveModel } from './models.ts';
import {
  fileBase,
  registerTrained,
  SIDECAR_FORMAT,
  type LoadFilesResult,
  type ModelShape,
} from './modelFiles.ts';
import { rememberRun } from '../training/runRecords.ts';
import type { ModelFileInput, SavedModelInfo } from '../protocol.ts';

const refuse = (message: string): LoadFilesResult => ({ ok: false, message });
const ext = (name: string): string => name.toLowerCase().split('.').pop() ?? '';
const stem = (name: string): string => name.replace(/(\.model)?\.(json|safetensors|bin)$/i, '');

type Json = Record<string, unknown>;

/** @returns the parsed object, or a refusal naming the file */
function parseJson(f: ModelFileInput): Json | LoadFilesResult {
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(f.bytes));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
  } catch {
    // fall through to the refusal
  }
  return refuse(`${f.name} is not a JSON object.`);
}

const isRefusal = (v: unknown): v is LoadFilesResult =>
  typeof v === 'object' && v !== null && (v as { ok?: unknown }).ok === false;

/** Reads the model shape out of a sidecar or tfjs metadata, or says what is wrong with it. */
function shapeOf(info: Partial<SavedModelInfo>, name: string): ModelShape | string {
  const { arch, unitsRemoved, inputSize, numClasses, inChannels } = info;
  if (typeof arch !== 'string' || !isArchId(arch)) return `${name} names no known architecture.`;
  if (![unitsRemoved, inputSize, numClasses].every((v) => Number.isInteger(v)))
    return `${name} lacks unitsRemoved, inputSize or numClasses.`;
  if (inChannels !== undefined && inChannels !== 1 && inChannels !== 3)
    return `${name} gives ${String(inChannels)} input channels; models here have 1 or 3.`;
  return {
    arch,
    unitsRemoved: unitsRemoved ?? 0,
    inputSize: inputSize ?? 0,
    numClasses: numClasses ?? 0,
    ...(inChannels === undefined ? {} : { inChannels }),
  };
}

/**
 * Loads dropped model files into the registry (init 'trained').
 * @param files names and bytes: `x.safetensors` (+ `x.json`), or `x.model.json` + `x.weights.bin`
 * @returns the registered model, or a specific refusal (nothing changed)
 */
export async function loadModelFiles(files: readonly ModelFileInput[]): Promise<LoadFilesResult> {
  if (files.length === 0) return refuse('No files were given.');
  const jsons: { file: ModelFileInput; value: Json }[] = [];
  const others: ModelFileInput[] = [];
  for (const f of files) {
    if (ext(f.name) !== 'json') others.push(f);
    else {
      const value = parseJson(f);
      if (isRefusal(value)) return value;
      jsons.push({ file: f, value });
    }
  }
  const topology = jsons.find((j) => 'modelTopology' in j.value);
  if (topology !== undefined) return loadTfjs(topology.file.name, topology.value, others);
  const foreign = jsons.find((j) => j.value.format !== SIDECAR_FORMAT);
  if (foreign !== undefined)
    return refuse(
      `${foreign.file.name} is JSON but not a CheXtransfer model description (no "format": "${SIDECAR_FORMAT}") nor a TensorFlow.js model.json.`,
    );
  const weights = others.filter((f) => ext(f.name) !== 'bin');
  if (weights.length !== 1)
    return refuse(
      weights.length === 0
        ? 'No weights file: drop a .safetensors file (with its .json), or a model.json with its weights.bin.'
        : `Drop one model at a time (got ${weights.map((f) => f.name).join(', ')}).`,
    );
  const sidecar = jsons[0]?.value as Partial<SavedModelInfo> | undefined;
  return loadSafetensors(weights[0] as ModelFileInput, sidecar);
}

function loadSafetensors(f: ModelFileInput, sidecar?: Partial<SavedModelInfo>): LoadFilesResult {
  let file: SafetensorsFile;
  try {
    file = parseSafetensors(f.bytes);
  } catch (error) {
    return refuse(`${f.name} is not a safetensors file (${String(error)}).`);
  }
  const meta = file.metadata ?? {};
  if (meta.arch === undefined && sidecar === undefined)
    return refuse(
      `${f.name} has no CheXtransfer description (its __metadata__ names no arch and numClasses) and no .json came with it. ImageNet weights are loaded with the weights card.`,
    );
  const fromMeta: Partial<SavedModelInfo> = {
    ...(meta.arch === undefined ? {} : { arch: meta.arch }),
    numClasses: Number(meta.numClasses),
    unitsRemoved: Number(meta.unitsRemoved ?? 0),
    ...(meta.inChannels === undefined ? {} : { inChannels: Number(meta.inChannels) }),
    ...(meta.arch !== undefined && isArchId(meta.arch)
      ? { inputSize: getArch(meta.arch).meta.inputSize }
      : {}),
  };
  const shape = shapeOf({ ...fromMeta, ...sidecar }, f.name);
  if (typeof shape === 'string') return refuse(shape);
  if (
    meta.arch !== undefined &&
    (meta.arch !== shape.arch || Number(meta.unitsRemoved ?? 0) !== shape.unitsRemoved)
  )
    return refuse(
      `${f.name} holds ${meta.arch} minus ${meta.unitsRemoved ?? 0} units, but its .json says ${shape.arch} minus ${shape.unitsRemoved}.`,
    );
  const record = { config: sidecar?.config ?? null, result: sidecar?.result ?? null };
  const summary =
    record.result?.meanAuc == null ? '' : `, mean AUC ${record.result.meanAuc.toFixed(3)}`;
  return registerTrained(
    file,
    shape,
    `file-${fileBase(stem(f.name))}`,
    `loaded from ${f.name}${summary}`,
    record,
  );
}

async function loadTfjs(
  name: string,
  json: Json,
  others: readonly ModelFileInput[],
): Promise<LoadFilesResult> {
  const meta = (json.userDefinedMetadata as Json | undefined)?.[SIDECAR_FORMAT] as
    Partial<SavedModelInfo> | undefined;
  if (meta === undefined)
    return refuse(
      `${name} is a TensorFlow.js model but was not exported by CheXtransfer (it does not say which architecture it is, which the model picker and Grad-CAM need).`,
    );
  const shape = shapeOf(meta, name);
  if (typeof shape === 'string') return refuse(shape);
  if (shape.numClasses !== 5)
    return refuse(`${name} has ${shape.numClasses} outputs, not the 5 CheXpert findings.`);
  const manifest =
    (json.weightsManifest as
      { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[] | undefined) ?? [];
  const byName = new Map(others.map((f) => [f.name, f.bytes] as const));
  const paths = manifest.flatMap((g) => g.paths);
  const missing = paths.filter((p) => !byName.has(p) && !byName.has(p.split('/').pop() ?? p));
  if (missing.length > 0)
    return refuse(`${name} needs ${missing.join(', ')}: drop it together with the model.json.`);
  const weightData = tf.io.concatenateArrayBuffers(
    paths.map((p) => (byName.get(p) ?? byName.get(p.split('/').pop() ?? p)) as ArrayBuffer),
  );
  let model: tf.LayersModel;
  try {
    const artifacts = {
      modelTopology: json.modelTopology as object,
      weightSpecs: manifest.flatMap((g) => g.weights),
      weightData,
    };
    model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (error) {
    return refuse(`${name} could not be loaded by TensorFlow.js (${String(error)}).`);
  }
  const { lastUnitLayer } = countTruncated(shape.arch, shape);
  const out = model.outputs[0]?.shape.at(-1);
  const size = model.inputs[0]?.shape[1];
  if (
    out !== 5 ||
    size !== shape.inputSize ||
    !model.layers.some((l) => l.name === lastUnitLayer)
  ) {
    model.dispose();
    return refuse(
      `${name} does not match its own description (${shape.arch} minus ${shape.unitsRemoved} units, ${shape.inputSize} px, 5 outputs).`,
    );
  }
  const id = `file-${fileBase(stem(name))}`;
  const info = describeModel(id, model, {
    ...shape,
    init: 'trained',
    source: `loaded from ${name} (TensorFlow.js format)`,
  });
  const stored = setActiveModel(id, model, info);
  rememberRun(id, { config: meta.config ?? null, result: meta.result ?? null });
  return { ok: true, model: stored };
}
