/**
 * Training defaults and presets: data, not code (Squoosh `defaultOptions` style). Pure, so both
 * the worker (`resolveTrainConfig`) and the Train panel read the same numbers. Pretrained runs get
 * a 10× smaller learning rate: fine-tuning moves ImageNet features a little, while a random start
 * must move a lot (Stanford's public CheXpert code, https://github.com/stanfordmlgroup/MoCo-CXR,
 * fine-tunes with Adam at 1e-4; probably what CheXtransfer used, not confirmed by the paper).
 */

/** Defaults applied to every field a request leaves out. */
export const TRAIN_DEFAULTS = {
  weights: 'random',
  unitsRemoved: 0,
  /** Browsers cannot train at CheXtransfer's 320 px in reasonable time; 64/128 px keep it interactive. */
  inputSize: { synthetic: 64, chexpert: 128 },
  batchSize: 32,
  epochs: 5,
  // in-domain (chest-X-ray) backbones are fine-tuned like ImageNet ones
  learningRate: { random: 1e-3, imagenet: 1e-4, 'in-domain': 1e-4 },
  policy: 'U-Ones',
  seed: 0,
} as const;

/** Backends a person may ask training to use; WASM is listed so the form can say why it is off. */
export const TRAIN_BACKEND_CHOICES = ['auto', 'webgpu', 'webgl', 'cpu', 'wasm'] as const;

/** Why WASM cannot train: tfjs-backend-wasm has no gradient kernels for convolutions. */
export const WASM_TRAIN_REASON = 'no convolution gradients';

/**
 * Named starting points. No description promises a time: the Train tab estimates each preset's
 * time on this machine from a measured rate (the backend probe) and the analytic work. `keepUnits` is how many of the architecture's units stay (the UI turns
 * it into "units removed" per architecture); null keeps the full model. The quick preset's
 * numbers come from measured runs (`npm run bench -- --only training` repeats the check): on a
 * software GPU per-operation overhead dominates, so the cheapest model that reaches a mean
 * validation AUC of 0.9 on the phantoms is MobileNetV2's first four units (32 channels at stride
 * 8) at 32 px with large batches and a high learning rate; two units stall near 0.75.
 */
export const TRAIN_PRESETS = {
  quick: {
    label: 'Quick synthetic run',
    description:
      'The first four units of MobileNetV2 on small synthetic phantoms, without augmentation. It shows the whole loop learns; it is not a chest X-ray model.',
    /** The architecture the panel opens with: the cheapest per image of those measured. */
    arch: 'mobilenetv2_100',
    keepUnits: 4,
    inputSize: 32,
    batchSize: 32,
    // Four epochs reached 0.913 and 0.881 in two WebGL runs (WebGL runs are not bit-identical):
    // the fifth makes 0.9 dependable.
    epochs: 5,
    learningRate: 1e-2,
    augment: false,
    synthetic: { size: 256, validationSize: 128 },
  },
  paper: {
    label: 'Paper-like',
    description:
      'The full model with the probable CheXtransfer settings (Adam 1e-4, batch 16, 320 px, from Stanford’s public CheXpert code); a large model at 320 px may run out of GPU memory.',
    keepUnits: null,
    inputSize: 320,
    batchSize: 16,
    epochs: 3,
    learningRate: 1e-4,
    augment: true,
    synthetic: { size: 512, validationSize: 256 },
  },
} as const;

export type TrainPresetId = keyof typeof TRAIN_PRESETS;
