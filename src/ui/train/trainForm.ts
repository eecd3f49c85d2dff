/**
 * The Train panel's form: its state, the per-architecture defaults and presets (numbers from
 * src/data/trainDefaults.ts, depths from the analytic counter) and the validation that turns it
 * into a `TrainRequest`. The rules are those of the worker's `resolveTrainConfig`, plus the ones a
 * form needs (ranges a person can mistype), so a message appears next to the field, not after a
 * worker round trip. Pure: no React, no worker.
 */
import { DEFAULT_AUGMENT, NO_AUGMENT } from '../../data/augment.ts';
import { TRAIN_DEFAULTS, TRAIN_PRESETS, type TrainPresetId } from '../../data/trainDefaults.ts';
import type {
  TrainAugment,
  TrainConfig,
  TrainDataset,
  TrainRequest,
} from '../../worker/protocol.ts';
import type { ArchId } from '../../zoo/catalog.ts';
import { labNumbers } from '../lab/labNumbers.ts';

/** A backend the person may force for training ('auto' = WebGPU → WebGL → CPU). */
export type TrainBackendChoice = 'auto' | 'webgpu' | 'webgl' | 'cpu';

/** The person's CheXpert-format data: a picked folder's files or a dropped zip. */
export type ChexpertSource =
  | { readonly kind: 'folder'; readonly files: readonly File[]; readonly label: string }
  | { readonly kind: 'zip'; readonly zip: Blob; readonly label: string };

/** Everything the form holds; numbers are NaN while a field is empty. */
export interface TrainForm {
  readonly arch: ArchId;
  /** 'in-domain': the backbone of a chest-X-ray model loaded in the X-ray panel. */
  readonly weights: TrainConfig['weights'];
  readonly unitsRemoved: number;
  readonly inputSize: number;
  readonly batchSize: number;
  readonly epochs: number;
  readonly learningRate: number;
  readonly policy: TrainConfig['policy'];
  readonly augmentOn: boolean;
  readonly augment: TrainAugment;
  readonly seed: number;
  readonly backend: TrainBackendChoice;
  readonly data: 'synthetic' | 'chexpert';
  readonly synthetic: { readonly size: number; readonly validationSize: number };
  readonly chexpert: {
    readonly frontalOnly: boolean;
    /** 0 = every row. */
    readonly subsetSize: number;
    readonly validationFraction: number;
    /** Decode every selected image once before training (the worker refuses over 512 MB). */
    readonly inMemory: boolean;
  };
}

/** Fields that can carry a message. */
export type FormField =
  | 'unitsRemoved'
  | 'inputSize'
  | 'batchSize'
  | 'epochs'
  | 'learningRate'
  | 'seed'
  | 'augment'
  | 'weights'
  | 'syntheticSize'
  | 'validationSize'
  | 'subsetSize'
  | 'validationFraction'
  | 'data';

/** Messages by field; empty when the form is valid. */
export type FormErrors = Partial<Record<FormField, string>>;

/**
 * @param arch architecture id
 * @returns how many final units can be removed (one unit is always kept)
 */
export const maxUnitsRemoved = (arch: ArchId): number => labNumbers(arch).depths.length - 1;

/**
 * @param arch architecture id
 * @param keepUnits units to keep, or null for the full model
 * @returns units removed so that that many are kept (at least one, at most all)
 */
export function unitsForKept(arch: ArchId, keepUnits: number | null): number {
  const units = labNumbers(arch).depths.length;
  if (keepUnits === null) return 0;
  return units - Math.min(units, Math.max(1, keepUnits));
}

/**
 * @param arch architecture id
 * @param preset named starting point
 * @param previous the form being replaced (keeps the data choice, policy, backend, seed, weights)
 * @returns the form with the preset's values for this architecture
 */
export function applyPreset(arch: ArchId, preset: TrainPresetId, previous?: TrainForm): TrainForm {
  const p = TRAIN_PRESETS[preset];
  return {
    arch,
    weights: previous?.weights ?? TRAIN_DEFAULTS.weights,
    unitsRemoved: unitsForKept(arch, p.keepUnits),
    inputSize: p.inputSize,
    batchSize: p.batchSize,
    epochs: p.epochs,
    learningRate: p.learningRate,
    policy: previous?.policy ?? TRAIN_DEFAULTS.policy,
    augmentOn: p.augment,
    augment: previous?.augment ?? DEFAULT_AUGMENT,
    seed: previous?.seed ?? TRAIN_DEFAULTS.seed,
    backend: previous?.backend ?? 'auto',
    data: previous?.data ?? 'synthetic',
    synthetic: { ...p.synthetic },
    chexpert: previous?.chexpert ?? {
      frontalOnly: true,
      subsetSize: 0,
      validationFraction: 0.1,
      inMemory: false,
    },
  };
}

const isPositiveInt = (n: number): boolean => Number.isInteger(n) && n >= 1;

/**
 * @param form the form
 * @returns messages for the model and optimiser fields (the worker's rules, and sane ranges)
 */
function modelErrors(form: TrainForm): FormErrors {
  const errors: FormErrors = {};
  const max = maxUnitsRemoved(form.arch);
  if (!Number.isInteger(form.unitsRemoved) || form.unitsRemoved < 0 || form.unitsRemoved > max)
    errors.unitsRemoved = `Units removed must be a whole number from 0 to ${max}.`;
  if (!isPositiveInt(form.inputSize) || form.inputSize < 16 || form.inputSize > 512)
    errors.inputSize = 'Input size must be a whole number of pixels from 16 to 512.';
  if (!isPositiveInt(form.batchSize) || form.batchSize > 256)
    errors.batchSize = 'Batch size must be a whole number from 1 to 256.';
  if (!isPositiveInt(form.epochs) || form.epochs > 100)
    errors.epochs = 'Epochs must be a whole number from 1 to 100.';
  if (!(form.learningRate > 0) || form.learningRate > 1)
    errors.learningRate = 'Learning rate must be above 0 and at most 1.';
  if (!Number.isInteger(form.seed) || form.seed < 0)
    errors.seed = 'Seed must be a whole number, 0 or more.';
  const a = form.augment;
  const strengths = [a.shift, a.scale, a.brightness, a.contrast];
  if (form.augmentOn && strengths.some((s) => !(s >= 0 && s <= 0.5)))
    errors.augment = 'Augmentation strengths must be between 0 and 0.5.';
  return errors;
}

/**
 * @param form the form
 * @param source the picked CheXpert-format data, if any
 * @returns messages for the data fields
 */
function dataErrors(form: TrainForm, source: ChexpertSource | null): FormErrors {
  const errors: FormErrors = {};
  if (form.data === 'synthetic') {
    const { size, validationSize } = form.synthetic;
    if (!isPositiveInt(size) || size < 2 || size > 20000)
      errors.syntheticSize = 'Training images must be a whole number from 2 to 20000.';
    if (!isPositiveInt(validationSize) || validationSize < 2 || validationSize > 20000)
      errors.validationSize = 'Validation images must be a whole number from 2 to 20000.';
    return errors;
  }
  if (!source) errors.data = 'Pick a CheXpert-format folder or drop a zip first.';
  const { subsetSize, validationFraction } = form.chexpert;
  if (!Number.isInteger(subsetSize) || subsetSize < 0)
    errors.subsetSize = 'Subset size must be a whole number (0 = every row).';
  if (!(validationFraction > 0 && validationFraction < 1))
    errors.validationFraction = 'Validation fraction must be between 0 and 1 (e.g. 0.1).';
  return errors;
}

/**
 * @param form the form
 * @param source the picked CheXpert-format data, if any
 * @returns the dataset the worker reads, or null when the data fields are not valid
 */
export function datasetOf(form: TrainForm, source: ChexpertSource | null): TrainDataset | null {
  if (form.data === 'synthetic') return { kind: 'synthetic', ...form.synthetic, seed: form.seed };
  if (!source) return null;
  const { frontalOnly, subsetSize, validationFraction, inMemory } = form.chexpert;
  return chexpertDataset(source, {
    frontalOnly,
    validationFraction,
    seed: form.seed,
    ...(inMemory ? { inMemory } : {}),
    ...(subsetSize > 0 ? { subsetSize } : {}),
  });
}

/** The options of a CheXpert-format dataset that come from the form. */
interface ChexpertOptions {
  readonly frontalOnly: boolean;
  readonly subsetSize?: number;
  readonly validationFraction: number;
  readonly seed: number;
  readonly inMemory?: boolean;
}

/**
 * @param source the picked folder or zip
 * @param options frontal only, subset, split and seed
 * @returns the 'chexpert' dataset; the worker finds train.csv/valid.csv inside the folder or zip
 */
function chexpertDataset(source: ChexpertSource, options: ChexpertOptions): TrainDataset {
  const files = source.kind === 'folder' ? { files: source.files } : { zip: source.zip };
  return { kind: 'chexpert', ...files, ...options };
}

/**
 * @param form the form
 * @param source the picked CheXpert-format data, if any
 * @param imagenetAvailable whether ImageNet weights are loaded for this architecture
 * @param inDomainAvailable whether a chest-X-ray checkpoint of this architecture is loaded
 * @returns the messages (empty when valid) and the request to send, or null when invalid
 */
export function validateForm(
  form: TrainForm,
  source: ChexpertSource | null,
  imagenetAvailable: boolean,
  inDomainAvailable = false,
): { readonly errors: FormErrors; readonly request: TrainRequest | null } {
  const errors: FormErrors = { ...modelErrors(form), ...dataErrors(form, source) };
  if (form.weights === 'imagenet' && !imagenetAvailable)
    errors.weights =
      'ImageNet weights are not loaded for this architecture: load them in the card below, or choose random initialisation.';
  if (form.weights === 'in-domain' && !inDomainAvailable)
    errors.weights = `No chest-X-ray model of ${form.arch} is loaded: load one under "Chest X-ray models" in the X-ray inference tab (TorchXRayVision has DenseNet-121 and ResNet-50), or choose another initialisation.`;
  const dataset = datasetOf(form, source);
  if (Object.keys(errors).length > 0 || !dataset) return { errors, request: null };
  const request: TrainRequest = {
    arch: form.arch,
    dataset,
    weights: form.weights,
    unitsRemoved: form.unitsRemoved,
    inputSize: form.inputSize,
    batchSize: form.batchSize,
    epochs: form.epochs,
    learningRate: form.learningRate,
    policy: form.policy,
    augment: form.augmentOn ? form.augment : NO_AUGMENT,
    seed: form.seed,
  };
  return { errors, request };
}
