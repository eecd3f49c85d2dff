/**
 * The model a training run starts from: freshly initialised (seeded); built for an ImageNet
 * weights file and loaded from it; or, for an 'in-domain' run, the grey-input network of a chest
 * X-ray checkpoint (TorchXRayVision) with its backbone loaded and a fresh head. An ImageNet file
 * decides the BatchNorm eps (`bnEpsilonForFile`: torchvision's MobileNetV3-Large uses 1e-3), so a
 * run fine-tunes the network the file came from. A resumed task (a preempted grid run) gets the
 * same network with its checkpoint's weights written over it.
 */
import type * as tf from '@tensorflow/tfjs';
import { buildModel } from '../../zoo/build.ts';
import { bnEpsilonForFile } from '../../zoo/weights/bnEpsilon.ts';
import { loadWeights } from '../../zoo/weights/load.ts';
import { parseSafetensors, type SafetensorsFile } from '../../zoo/weights/safetensors.ts';
import { restore, type Checkpoint } from './checkpoint.ts';
import type { TrainConfig } from '../protocol.ts';

/** Supplies ImageNet safetensors bytes for an architecture. */
export type WeightsLoader = (arch: string) => Promise<ArrayBuffer>;

/** Supplies a chest-X-ray checkpoint's tensors (and its label) for an architecture. */
export type InDomainLoader = (arch: string) => Promise<{ file: SafetensorsFile; label: string }>;

let weightsLoader: WeightsLoader | null = null;
let inDomainLoader: InDomainLoader | null = null;
/** Label of the in-domain checkpoint each run started from, by run config. */
const inDomainLabels = new WeakMap<TrainConfig, string>();

/**
 * @param loader where 'imagenet' runs get their weights when the caller passes none (null clears)
 */
export function setImagenetWeightsLoader(loader: WeightsLoader | null): void {
  weightsLoader = loader;
}

/**
 * @param loader where 'in-domain' runs get their chest-X-ray backbone (null clears)
 */
export function setInDomainWeightsLoader(loader: InDomainLoader | null): void {
  inDomainLoader = loader;
}

/**
 * @param config a run configuration
 * @returns its input channels: 1 for an in-domain (TorchXRayVision) start, else 3
 */
export function inChannelsOf(config: TrainConfig): number {
  return config.weights === 'in-domain' ? 1 : 3;
}

/**
 * @param config a run configuration that `prepareModel` built
 * @returns the label of the chest-X-ray checkpoint it started from, if it was an in-domain run
 */
export function inDomainLabelOf(config: TrainConfig): string | undefined {
  return inDomainLabels.get(config);
}

/** Loads `file` into `model`, disposing the model if the file is refused. */
function loadOrDispose(model: tf.LayersModel, load: () => void): tf.LayersModel {
  try {
    load();
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}

/**
 * Builds the run's model (and loads ImageNet or in-domain weights for such a run).
 * @param config the resolved configuration
 * @param weights ImageNet bytes, else the registered loader's
 * @returns the model, ready to train
 */
export async function prepareModel(
  config: TrainConfig,
  weights?: ArrayBuffer,
): Promise<tf.LayersModel> {
  const opts = {
    numClasses: 5,
    unitsRemoved: config.unitsRemoved,
    inputSize: config.inputSize,
    inChannels: inChannelsOf(config),
  };
  if (config.weights === 'in-domain') {
    if (inDomainLoader === null) throw new Error('No chest-X-ray checkpoint loader.');
    const { file, label } = await inDomainLoader(config.arch);
    const model = buildModel(config.arch, { ...opts, seed: config.seed });
    // the head (18 TorchXRayVision outputs, or a truncated net's) stays freshly initialised
    loadOrDispose(model, () => loadWeights(model, config.arch, file, { ...opts, strict: false }));
    inDomainLabels.set(config, label);
    return model;
  }
  if (config.weights !== 'imagenet') return buildModel(config.arch, { ...opts, seed: config.seed });
  const bytes = weights ?? (weightsLoader ? await weightsLoader(config.arch) : null);
  if (bytes === null)
    throw new Error(
      `ImageNet weights for ${config.arch} were not supplied: load them with the weights card first.`,
    );
  const file = parseSafetensors(bytes);
  // the file's origin decides the BatchNorm eps (torchvision's MobileNetV3 uses 1e-3)
  const bnEpsilon = bnEpsilonForFile(config.arch, file);
  const model = buildModel(config.arch, { ...opts, seed: config.seed, bnEpsilon });
  return loadOrDispose(model, () =>
    loadWeights(model, config.arch, file, { ...opts, strict: false }),
  );
}

/**
 * @param config the resolved configuration
 * @param resume the checkpoint to continue from
 * @param weights the run's ImageNet bytes, if any: their origin decides the BatchNorm eps, as it
 *   did for the model the checkpoint was taken from
 * @returns the run's network with the checkpoint's weights
 * @throws Error when the checkpoint does not fit the architecture (the model is disposed)
 */
export function resumedModel(
  config: TrainConfig,
  resume: Checkpoint,
  weights?: ArrayBuffer,
): tf.LayersModel {
  const { arch, unitsRemoved, inputSize } = config;
  const bnEpsilon =
    config.weights === 'imagenet' && weights !== undefined
      ? bnEpsilonForFile(arch, parseSafetensors(weights))
      : undefined;
  const model = buildModel(arch, {
    numClasses: 5,
    unitsRemoved,
    inputSize,
    inChannels: inChannelsOf(config),
    seed: config.seed,
    ...(bnEpsilon === undefined ? {} : { bnEpsilon }),
  });
  return loadOrDispose(model, () => restore(model, resume.weights));
}
