/**
 * Example grids, as data (printed by `chextransfer grid example`). Each is a valid spec; the
 * tests validate them and the SLURM test runs the tiny one end to end.
 */
import { ARCH_IDS } from '../zoo/catalog.ts';
import type { GridSpec } from './spec.ts';

/**
 * Four tasks (2 architectures × 2 seeds) that run in under three minutes on two CPU cores: the
 * first unit of ResNet18 and of DenseNet121 at 32 px on synthetic phantoms, without augmentation.
 * Plain convolutions, because tfjs's CPU backend trains depthwise ones (MobileNet, MNASNet,
 * EfficientNet) several times slower per multiply-add. Three epochs leave checkpoints to resume
 * from mid-run. It exercises the whole pipeline; its AUCs say nothing about chest X-rays.
 */
export const TINY_GRID: GridSpec = {
  name: 'tiny',
  description:
    'Pipeline check: 2 truncated architectures x 2 seeds on synthetic phantoms at 32 px (not chest X-rays).',
  architectures: ['resnet18', 'densenet121'],
  initialisations: [{ kind: 'random' }],
  depths: [{ keep: 1 }],
  seeds: [0, 1],
  inputSize: 32,
  epochs: 3,
  batchSize: 32,
  learningRate: 0.01,
  policy: 'U-Ones',
  augment: false,
  dataset: { kind: 'synthetic', size: 96, validationSize: 64, seed: 0 },
};

/**
 * The paper's grid as far as it is known: the 16 architectures, random and ImageNet
 * initialisation, full models, CheXpert at 320 px for 3 epochs with Adam (1e-4, batch 16). The
 * optimiser, rate, batch and epochs follow Stanford's public CheXpert code and are not confirmed
 * for CheXtransfer (Ke et al., ACM CHIL 2021, doi:10.1145/3450439.3451867, does not state them in
 * its text). `dataset.path` must point at your CheXpert-v1.0-small folder or zip.
 */
export const PAPER_GRID: GridSpec = {
  name: 'chextransfer-paper',
  description:
    'CheXtransfer: 16 architectures x {random, ImageNet} on CheXpert at 320 px, 3 epochs (probable settings).',
  architectures: [...ARCH_IDS],
  initialisations: [{ kind: 'random' }, { kind: 'imagenet' }],
  depths: ['full'],
  seeds: [0],
  inputSize: 320,
  epochs: 3,
  batchSize: 16,
  learningRate: 1e-4,
  policy: 'U-Ones',
  augment: true,
  dataset: { kind: 'chexpert', path: 'CheXpert-v1.0-small', frontalOnly: true, seed: 0 },
};

/**
 * ImageNet against in-domain pretraining for one network: DenseNet-121 from random weights, from
 * ImageNet and from TorchXRayVision's NIH ChestX-ray14 model (trained on no CheXpert image, so the
 * CheXpert validation images stay unseen), fine-tuned on CheXpert at TorchXRayVision's 224 px
 * with the paper grid's probable settings; three seeds each. The learning rates are the per-kind
 * defaults (1e-3 random, 1e-4 for both pretrained starts). The checkpoint is downloaded from the
 * model's published URL by each task; give `checkpoint` a local copy on clusters without internet.
 */
export const IN_DOMAIN_GRID: GridSpec = {
  name: 'in-domain-densenet121',
  description:
    'DenseNet-121 on CheXpert at 224 px: random vs ImageNet vs in-domain (TorchXRayVision NIH) starts, 3 seeds each.',
  architectures: ['densenet121'],
  initialisations: [
    { kind: 'random' },
    { kind: 'imagenet' },
    { kind: 'in-domain', model: 'densenet121-res224-nih' },
  ],
  depths: ['full'],
  seeds: [0, 1, 2],
  inputSize: 224,
  epochs: 3,
  batchSize: 16,
  policy: 'U-Ones',
  augment: true,
  dataset: { kind: 'chexpert', path: 'CheXpert-v1.0-small', frontalOnly: true, seed: 0 },
};

/** Example name -> spec. */
export const GRID_EXAMPLES = {
  tiny: TINY_GRID,
  paper: PAPER_GRID,
  'in-domain': IN_DOMAIN_GRID,
} as const;
