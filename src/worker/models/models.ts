/**
 * The worker's model registry: the one place where training, weight loading and inference find
 * "the active model". Models live here by id; replacing an id disposes the model it held, so the
 * worker never leaks a model's weights by forgetting it.
 *
 * Grad-CAM views (`withUnitOutput`) share the model's layers and weights: they are cached here
 * beside their model and dropped, never disposed, because disposing a view would dispose the
 * model's weights. The compiled inference path (`compileForward`: the engine or tfjs's fused
 * ops) holds its own copy of the weights: it is built on first use and disposed with its model.
 */
import type * as tf from '@tensorflow/tfjs';
import { CHEXPERT_TASKS } from '../../study/types.ts';
import { countTruncated } from '../../zoo/analytic.ts';
import { buildModel, withUnitOutput } from '../../zoo/build.ts';
import { compileForward, type CpuForward } from '../engine/cpuForward.ts';
import { getArch } from '../../zoo/registry.ts';
import type { CreateModelRequest, ModelInfo } from '../inference/inferenceProtocol.ts';

interface Entry {
  readonly model: tf.LayersModel;
  readonly info: ModelInfo;
  camView: tf.LayersModel | null;
  fused: CpuForward | null;
}

const listeners = new Set<() => void>();

/**
 * @param listener called after any model is registered or disposed
 * @returns a function that removes the listener
 */
export function onModelsChanged(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const changed = (): void => listeners.forEach((l) => l());

function release(entry: Entry): void {
  entry.fused?.dispose();
  entry.model.dispose();
}

const entries = new Map<string, Entry>();
let activeId: string | null = null;
let created = 0;

/**
 * Registers a model under `id` and makes it the active one; a model already under `id` is disposed
 * (unless it is the same object).
 * @param id registry id
 * @param model the model (the registry owns it from now on)
 * @param info what the UI shows about it; `info.id` is overwritten with `id`
 * @returns the stored info
 */
export function setActiveModel(id: string, model: tf.LayersModel, info: ModelInfo): ModelInfo {
  const old = entries.get(id);
  if (old !== undefined && old.model !== model) release(old);
  else old?.fused?.dispose();
  const stored: ModelInfo = { ...info, id };
  entries.set(id, { model, info: stored, camView: null, fused: null });
  activeId = id;
  changed();
  return stored;
}

/**
 * @param id registry id
 * @returns the model and its info, or undefined
 */
export function getModel(id: string): { model: tf.LayersModel; info: ModelInfo } | undefined {
  const entry = entries.get(id);
  return entry === undefined ? undefined : { model: entry.model, info: entry.info };
}

/**
 * @param id registry id
 * @returns the model and its info
 * @throws Error naming the known ids when there is none under `id`
 */
export function requireModel(id: string): { model: tf.LayersModel; info: ModelInfo } {
  const found = getModel(id);
  if (found === undefined) {
    throw new Error(`no model "${id}" in the worker; known: ${[...entries.keys()].join(', ')}`);
  }
  return found;
}

/**
 * The two-output Grad-CAM view [last unit features, logits] of a registered model, built once.
 * @param id registry id
 * @returns the view (shares the model's weights: never dispose it)
 */
export function camViewOf(id: string): tf.LayersModel {
  const entry = entries.get(id);
  if (entry === undefined) return requireModel(id).model; // throws with the known ids
  entry.camView ??= withUnitOutput(entry.model, entry.info.camLayer);
  return entry.camView;
}

/**
 * The compiled inference path of a registered model (with the Grad-CAM layer kept), built once.
 * @param id registry id
 * @returns the compiled model: the engine on a CPU backend, else tfjs's fused ops
 *   (engine/cpuForward.ts; owned by the registry: never dispose it)
 */
export function fusedOf(id: string): CpuForward {
  const entry = entries.get(id);
  if (entry === undefined) return requireModel(id) as never; // throws with the known ids
  const { info } = entry;
  entry.fused ??= compileForward(entry.model, info.arch, {
    numClasses: info.numClasses,
    unitsRemoved: info.unitsRemoved,
    inputSize: info.inputSize,
    featuresNode: info.camLayer,
  });
  return entry.fused;
}

/** @returns every registered model's info, in registration order */
export function listModels(): ModelInfo[] {
  return [...entries.values()].map((e) => e.info);
}

/** @returns the id of the model set last, or null when none (or it was disposed) */
export function activeModelId(): string | null {
  return activeId;
}

/**
 * Disposes a model and forgets it.
 * @param id registry id
 * @returns whether there was one
 */
export function disposeModel(id: string): boolean {
  const entry = entries.get(id);
  if (entry === undefined) return false;
  release(entry);
  entries.delete(id);
  if (activeId === id) activeId = null;
  changed();
  return true;
}

/** Disposes every model (tests, worker shutdown). */
export function disposeAllModels(): void {
  for (const id of [...entries.keys()]) disposeModel(id);
}

/**
 * Counts a model's trainable scalars (the PyTorch convention).
 * @param model a built model
 * @returns the sum of trainable weight sizes
 */
export function trainableCount(model: tf.LayersModel): number {
  let total = 0;
  for (const weight of model.trainableWeights)
    total += weight.shape.reduce<number>((a, b) => a * (b ?? 1), 1);
  return total;
}

/** What `describeModel` needs besides the model. */
export interface ModelOrigin {
  readonly arch: string;
  readonly unitsRemoved: number;
  readonly numClasses: number;
  readonly init: ModelInfo['init'];
  /** Where the weights came from, e.g. "timm/densenet121.tv_in1k" or "trained 3 epochs". */
  readonly source: string;
  /** Output labels (default: the five CheXpert tasks for 5 outputs, else "output i"). */
  readonly outputs?: readonly string[];
  /** Eval transform (default 'imagenet'; 'xrv' for models starting from TorchXRayVision's). */
  readonly preprocess?: ModelInfo['preprocess'];
  readonly opThreshs?: readonly (number | null)[];
  readonly chestModel?: string;
  readonly provenance?: NonNullable<ModelInfo['provenance']>;
}

const STATUS: Record<ModelInfo['init'], ModelInfo['status']> = {
  random: 'random weights',
  imagenet: 'untrained head',
  trained: 'trained',
  'chest-xray': 'trained',
  'in-domain': 'untrained head',
};

/**
 * @param n outputs of a head
 * @returns the five CheXpert tasks for a 5-output head, else "output 0", "output 1", ...
 */
export function defaultOutputs(n: number): string[] {
  return n === CHEXPERT_TASKS.length
    ? [...CHEXPERT_TASKS]
    : Array.from({ length: n }, (_, i) => `output ${i}`);
}

/**
 * The registry info of a zoo model, for every producer (createModel, the weights loader, the
 * training loop), so that they agree on the status label and the Grad-CAM layer.
 * @param id registry id
 * @param model the built model (its input size and trainable count are read from it)
 * @param origin architecture, truncation, classes, how it was initialised, weight source
 * @returns the info to pass to setActiveModel
 */
export function describeModel(id: string, model: tf.LayersModel, origin: ModelOrigin): ModelInfo {
  const inputSize = model.inputs[0]?.shape[1];
  const inChannels = model.inputs[0]?.shape[3];
  if (typeof inputSize !== 'number' || typeof inChannels !== 'number')
    throw new Error(`${model.name}: unknown input shape`);
  const { lastUnitLayer } = countTruncated(origin.arch, {
    unitsRemoved: origin.unitsRemoved,
    numClasses: origin.numClasses,
    inputSize,
    inChannels,
  });
  return {
    id,
    ...origin,
    inputSize,
    inChannels,
    outputs: origin.outputs ?? defaultOutputs(origin.numClasses),
    preprocess: origin.preprocess ?? 'imagenet',
    status: STATUS[origin.init],
    trainableParams: trainableCount(model),
    camLayer: lastUnitLayer,
  };
}

/**
 * Builds a randomly initialised (optionally truncated) model and registers it as the active one.
 * Outputs are logits; the UI labels it 'random weights'.
 * @param request architecture, units removed, classes, input size, seed, id
 * @returns the registered model's info
 */
export function createModel(request: CreateModelRequest): ModelInfo {
  const model = buildModel(request.arch, {
    numClasses: request.numClasses,
    unitsRemoved: request.unitsRemoved,
    inputSize: request.inputSize ?? getArch(request.arch).meta.inputSize,
    ...(request.seed === undefined ? {} : { seed: request.seed }),
  });
  const id = request.id ?? `${request.arch}-k${request.unitsRemoved}-${++created}`;
  const seed = request.seed === undefined ? '' : ` (seed ${request.seed})`;
  const info = describeModel(id, model, {
    arch: request.arch,
    unitsRemoved: request.unitsRemoved,
    numClasses: request.numClasses,
    init: 'random',
    source: `random initialisation${seed}`,
  });
  return setActiveModel(id, model, info);
}
