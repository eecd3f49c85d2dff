/**
 * The design of each published study, as data: the factors it varies or fixes (with the default
 * configuration a cross-architecture chart uses, and why), and the ImageNet weights behind each
 * ImageNet-pretrained architecture (the x of the top-1 chart). Every top-1 names its source.
 * Code that reads this: design.ts (configurations) and top1Of.ts (x values).
 */
import type { DesignFactor, StudyDesign, WeightsUsed } from './types.ts';

/** timm's ImageNet evaluation table at the commit the zoo catalog cites. */
const TIMM_CSV =
  'https://github.com/huggingface/pytorch-image-models/blob/aa4b5850c1543fa488abf260f18390eda46cf85d/results/results-imagenet.csv';
const tv = (file: string, weights: string): string =>
  `torchvision v0.14.1 ${weights}.IMAGENET1K_V1 meta acc@1, https://github.com/pytorch/vision/blob/v0.14.1/torchvision/models/${file}.py`;

const MEDMNIST_REPO =
  'https://github.com/sdoerrich97/rethinking-model-prototyping-MedMNISTPlus/blob/b34dfc51508ecc86ae9f7d7a43249326e65650ac';
/**
 * The one rule for weights a study names only by architecture: the library's default tag at the
 * version the study resolves to. A default tag whose last training step is supervised on
 * ImageNet-1k (in1k, in21k→in1k, laion2b→in12k→in1k alike) is ImageNet-pretrained at that tag's
 * top-1; one never trained with ImageNet-1k labels (EVA-02 CLIP, SAM, DINO) is other pretraining.
 */
export const DEFAULT_TAG_RULE =
  'rule for weights named only by architecture: the default tag at the resolved library version; a tag whose last training step is supervised on ImageNet-1k counts as ImageNet-pretrained at its own top-1';

/**
 * MedMNIST+ calls `timm.create_model(name, pretrained=True)` (train.py) without pinning timm
 * (environment.yaml). Its config.yaml lists 'samvit_base_patch16' and 'vit_base_patch16_224.dino',
 * which exist only from timm 0.9.5 on; from v0.9.5 to the commit cited, timm's first (default)
 * tag for each name below did not change (checked at v0.9.5, v0.9.16, v1.0.3, v1.0.15 and the
 * commit: e.g. vit_base_patch16_clip_224 → .laion2b_ft_in12k_in1k, eva02_base_patch16_clip_224 →
 * .merged2b, samvit_base_patch16 → .sa1b).
 */
const MEDMNIST_TIMM_BASIS = `${DEFAULT_TAG_RULE}. Deduced: ${MEDMNIST_REPO}/train.py loads timm's default tag; ${MEDMNIST_REPO}/config.yaml lists samvit_base_patch16 and vit_base_patch16_224.dino, which need timm ≥ 0.9.5, and every timm release from v0.9.5 to the commit cited has the same default tag`;

const timmDefault = (tag: string, top1: number, size: number): WeightsUsed => ({
  kind: 'known',
  name: `${tag} (timm default tag)`,
  top1,
  source: `${TIMM_CSV}, row ${tag} at ${size} px`,
  basis: MEDMNIST_TIMM_BASIS,
});

const MEDMNIST_WEIGHTS: Record<string, WeightsUsed> = {
  alexnet: {
    kind: 'known',
    name: 'torchvision AlexNet_Weights.DEFAULT (= IMAGENET1K_V1)',
    top1: 56.522,
    source: tv('alexnet', 'AlexNet_Weights'),
    basis: `stated: ${MEDMNIST_REPO}/train.py builds alexnet(weights=AlexNet_Weights.DEFAULT)`,
  },
  vgg16: timmDefault('vgg16.tv_in1k', 71.594, 224),
  resnet18: timmDefault('resnet18.a1_in1k', 71.504, 224),
  densenet121: timmDefault('densenet121.ra_in1k', 75.574, 224),
  efficientnet_b4: timmDefault('efficientnet_b4.ra2_in1k', 82.658, 320),
  vit_base_patch16_224: timmDefault('vit_base_patch16_224.augreg2_in21k_ft_in1k', 85.108, 224),
  // CLIP image-text pretraining, then supervised fine-tuning on ImageNet-12k and ImageNet-1k.
  vit_base_patch16_clip_224: timmDefault(
    'vit_base_patch16_clip_224.laion2b_ft_in12k_in1k',
    86.204,
    224,
  ),
};

function medmnistFactors(loss: string, split: string): DesignFactor[] {
  return [
    {
      id: 'resolution',
      read: { from: 'inputSize' },
      defaultLevel: '224 px',
      why: 'The native input size of the backbones; smaller images are zero-padded to 224 px, so 28–128 px rows measure something else.',
    },
    {
      id: 'scheme',
      read: {
        from: 'flags',
        levels: { 'linear-probing': 'linear probe', 'end-to-end': 'end-to-end' },
        otherwise: 'end-to-end',
      },
      defaultLevel: 'end-to-end',
      why: 'Full fine-tuning, as in CheXtransfer; a linear probe on a frozen backbone asks a different question.',
    },
    { id: 'loss', read: { from: 'study', level: loss }, defaultLevel: null, why: 'Fixed.' },
    {
      id: 'ensemble',
      read: { from: 'study', level: 'single model; each value is the mean of 3 seeds' },
      defaultLevel: null,
      why: 'Fixed.',
    },
    { id: 'split', read: { from: 'study', level: split }, defaultLevel: null, why: 'Fixed.' },
  ];
}

const fixed = (id: DesignFactor['id'], level: string): DesignFactor => ({
  id,
  read: { from: 'study', level },
  defaultLevel: null,
  why: 'Fixed by the study.',
});

/** Designs by study id. */
export const PUBLISHED_DESIGNS: Readonly<Record<string, StudyDesign>> = {
  chextransfer: {
    factors: [
      fixed('resolution', 'not confirmed for the paper'),
      fixed('scheme', 'end-to-end fine-tuning (pretrained) or training from scratch'),
      fixed('loss', 'not confirmed for the paper'),
      fixed('ensemble', 'ensemble of the 10 best checkpoints (secondary source)'),
      fixed('split', 'not confirmed for the paper'),
    ],
    weights: {},
  },
  'bliznashki-chexpert': {
    factors: [
      fixed('resolution', '320 px centre crop (chexpert.py default)'),
      fixed('scheme', 'end-to-end'),
      fixed('loss', 'as in the CheXpert paper (README)'),
      fixed('ensemble', 'ensemble of the 10 best checkpoints (mean score)'),
      fixed('split', 'official validation set (200 studies), U-Ones labels'),
    ],
    weights: {
      densenet121: {
        kind: 'known',
        name: 'torchvision DenseNet121 IMAGENET1K_V1',
        top1: 74.434,
        source: tv('densenet', 'DenseNet121_Weights'),
        basis:
          'stated: the README calls the pretrained runs "ImageNet (torchvision)"; torchvision had one DenseNet-121 weight set',
      },
      resnet152: {
        kind: 'known',
        name: 'torchvision ResNet152 IMAGENET1K_V1',
        top1: 78.312,
        source: tv('resnet', 'ResNet152_Weights'),
        basis:
          'stated: "ImageNet (torchvision)"; the project dates from 2020, before torchvision’s V2 weights (2021)',
      },
    },
  },
  'raghu2019-transfusion': {
    factors: [
      fixed('resolution', 'not stated here'),
      fixed('scheme', 'end-to-end'),
      fixed('loss', 'not stated here'),
      fixed('ensemble', 'single model'),
      fixed('split', 'as in the paper (not verified here)'),
    ],
    weights: {
      resnet50: { kind: 'not-stated', reason: 'the secondary quote does not name the weights' },
    },
  },
  'chexpert-leaderboard': {
    factors: [
      fixed('resolution', 'varies, mostly not stated'),
      fixed('scheme', 'not stated'),
      fixed('loss', 'not stated'),
      {
        id: 'ensemble',
        read: { from: 'flags', levels: { ensemble: 'ensemble' }, otherwise: 'single model' },
        defaultLevel: 'single model',
        why: 'An ensemble is not one architecture.',
      },
      fixed('split', 'hidden test set (500 studies)'),
    ],
    weights: {},
  },
  'medmnistplus-chestmnist': {
    factors: medmnistFactors(
      'binary cross-entropy with logits (train.py)',
      'MedMNIST official test split',
    ),
    weights: MEDMNIST_WEIGHTS,
  },
  'medmnistplus-pneumoniamnist': {
    factors: medmnistFactors('cross-entropy (train.py)', 'MedMNIST official test split'),
    weights: MEDMNIST_WEIGHTS,
  },
  'chen2023-jdi': {
    factors: [
      fixed('resolution', 'not stated here'),
      fixed('scheme', 'end-to-end'),
      {
        id: 'loss',
        read: {
          from: 'flags',
          levels: { 'loss-lwbce': 'weighted BCE (L_WBCE)', 'loss-lours': 'authors’ loss (L_ours)' },
          otherwise: 'not stated',
        },
        defaultLevel: 'weighted BCE (L_WBCE)',
        why: 'The standard loss; L_ours is the authors’ proposal, tuned on the same data.',
      },
      fixed('ensemble', 'single model'),
      fixed('split', 'random 70/10/20 split, 20% test'),
    ],
    weights: Object.fromEntries(
      ['coatnet_0_rw_224', 'efficientnet_b5', 'resnet50'].map((arch) => [
        arch,
        { kind: 'not-stated', reason: 'the paper says "pretrained" without naming the weights' },
      ]),
    ),
  },
  'xiao2023-medicalmae': {
    factors: [
      fixed('resolution', 'not stated in the README'),
      fixed('scheme', 'end-to-end fine-tuning (75 epochs)'),
      fixed('loss', 'not stated in the README'),
      fixed('ensemble', 'single model'),
      fixed('split', 'official NIH test list'),
    ],
    weights: {
      densenet121: {
        kind: 'known',
        name: 'torchvision densenet121-a639ec97 (IMAGENET1K_V1)',
        top1: 74.434,
        source: tv('densenet', 'DenseNet121_Weights'),
        basis:
          'stated: the README names the torchvision file densenet121-a639ec97, which is IMAGENET1K_V1',
      },
      vit_small_patch16_224: {
        kind: 'known',
        name: 'DeiT-S (deit_small_patch16_224.fb_in1k)',
        top1: 79.856,
        source: `${TIMM_CSV}, row deit_small_patch16_224.fb_in1k at 224 px`,
        basis: 'stated: the README names the official DeiT-S weights',
      },
    },
  },
  'xiao2023-medicalmae-chexpert': {
    factors: [
      fixed('resolution', 'not stated in the README'),
      fixed('scheme', 'end-to-end fine-tuning'),
      fixed('loss', 'not stated in the README'),
      fixed('ensemble', 'single model'),
      fixed('split', 'not stated in the README'),
    ],
    weights: {},
  },
};
