/**
 * Architectures that other studies use but CheXtransfer does not. DATA ONLY.
 * Each number carries its source; a number we could not source is null (never guessed).
 */
import type { Sourced, Top1Set } from '../zoo/types.ts';

/** One extra architecture as the charts need it. */
export interface ExtraArch {
  readonly label: string;
  readonly family: string;
  readonly params1000: Sourced<number> | null;
  readonly top1: Partial<Record<Top1Set, Sourced<number>>>;
  /** Why a number is missing or ambiguous, for the reader. */
  readonly note: string;
}

/** torchvision's weights meta at the v0.14.1 tag: one file per family. */
const tv = (weights: string, file: string): string =>
  `torchvision v0.14.1 ${weights}.IMAGENET1K_V1 meta acc@1 / num_params, https://github.com/pytorch/vision/blob/v0.14.1/torchvision/models/${file}.py`;
/** The same table as the 16 models' paper-era top-1 (src/zoo/catalog.ts). */
const TV_ERROR_TABLE =
  '100 − top-1 error in the torchvision models.rst ImageNet 1-crop error table of v0.8–v0.10 (current in 2020–21), https://github.com/pytorch/vision/blob/v0.8.2/docs/source/models.rst (the same rows at commit 00542d9: https://github.com/pytorch/vision/blob/00542d95486feb18bda93ab6b8b7a694291151e9/docs/source/models.rst)';
const TIMM_DEFAULT =
  'MedMNIST+ used timm\u2019s default pretrained tag; the study charts take the top-1 of that tag from the study\u2019s design (src/study/designs.ts), not this table.';
const TIMM_CSV =
  'https://github.com/huggingface/pytorch-image-models/blob/aa4b5850c1543fa488abf260f18390eda46cf85d/results/results-imagenet.csv';
const timmParams = (row: string, millions: string): string =>
  `timm results-imagenet.csv param_count ${millions} (millions, rounded to 10,000), row ${row}: ${TIMM_CSV}`;

export const EXTRA_ARCHITECTURES = {
  alexnet: {
    label: 'AlexNet',
    family: 'AlexNet',
    params1000: { value: 61_100_840, source: tv('AlexNet_Weights', 'alexnet') },
    top1: {
      paperEra: { value: 56.55, source: TV_ERROR_TABLE },
      torchvision: { value: 56.522, source: tv('AlexNet_Weights', 'alexnet') },
    },
    note: '',
  },
  vgg16: {
    label: 'VGG16',
    family: 'VGG',
    params1000: { value: 138_357_544, source: tv('VGG16_Weights', 'vgg') },
    top1: {
      paperEra: { value: 71.59, source: TV_ERROR_TABLE },
      torchvision: { value: 71.592, source: tv('VGG16_Weights', 'vgg') },
    },
    note: TIMM_DEFAULT,
  },
  resnet152: {
    label: 'ResNet152',
    family: 'ResNet',
    params1000: { value: 60_192_808, source: tv('ResNet152_Weights', 'resnet') },
    top1: {
      paperEra: { value: 78.31, source: TV_ERROR_TABLE },
      torchvision: { value: 78.312, source: tv('ResNet152_Weights', 'resnet') },
    },
    note: '',
  },
  densenet161: {
    label: 'DenseNet161',
    family: 'DenseNet',
    params1000: { value: 28_681_000, source: tv('DenseNet161_Weights', 'densenet') },
    top1: {
      paperEra: { value: 77.65, source: TV_ERROR_TABLE },
      torchvision: { value: 77.138, source: tv('DenseNet161_Weights', 'densenet') },
    },
    note: '',
  },
  efficientnet_b4: {
    label: 'EfficientNetB4',
    family: 'EfficientNet',
    params1000: { value: 19_341_616, source: tv('EfficientNet_B4_Weights', 'efficientnet') },
    top1: { torchvision: { value: 83.384, source: tv('EfficientNet_B4_Weights', 'efficientnet') } },
    note: TIMM_DEFAULT,
  },
  efficientnet_b5: {
    label: 'EfficientNetB5',
    family: 'EfficientNet',
    params1000: { value: 30_389_784, source: tv('EfficientNet_B5_Weights', 'efficientnet') },
    top1: { torchvision: { value: 83.444, source: tv('EfficientNet_B5_Weights', 'efficientnet') } },
    note: 'Chen et al. do not state which pretrained weights they used.',
  },
  vit_base_patch16_224: {
    label: 'ViT-B/16',
    family: 'ViT',
    params1000: { value: 86_567_656, source: tv('ViT_B_16_Weights', 'vision_transformer') },
    top1: { torchvision: { value: 81.072, source: tv('ViT_B_16_Weights', 'vision_transformer') } },
    note: `Top-1 is torchvision\u2019s ViT_B_16 weights, not the timm weights the studies used. ${TIMM_DEFAULT}`,
  },
  vit_small_patch16_224: {
    label: 'ViT-S/16',
    family: 'ViT',
    params1000: {
      value: 22_050_000,
      source: timmParams('deit_small_patch16_224.fb_in1k', '22.05'),
    },
    top1: {},
    note: 'No single top-1: DeiT-S, AugReg and MAE weights differ; a study names its weights in designs.ts.',
  },
  vit_base_patch16_clip_224: {
    label: 'CLIP ViT-B/16',
    family: 'ViT',
    params1000: {
      value: 86_570_000,
      source: timmParams('vit_base_patch16_clip_224.laion2b_ft_in12k_in1k', '86.57'),
    },
    top1: {},
    note: `Named by architecture only, it resolves to timm\u2019s default tag vit_base_patch16_clip_224.laion2b_ft_in12k_in1k: CLIP image-text pretraining, then supervised fine-tuning on ImageNet-12k and ImageNet-1k. ${TIMM_DEFAULT}`,
  },
  eva02_base_patch16_clip_224: {
    label: 'EVA-02 ViT-B/16',
    family: 'ViT',
    params1000: null,
    top1: {},
    note: 'EVA-02 CLIP pretraining, not ImageNet-supervised: no ImageNet top-1 applies.',
  },
  samvit_base_patch16: {
    label: 'SAM ViT-B/16',
    family: 'ViT',
    params1000: null,
    top1: {},
    note: 'Segment Anything encoder, not ImageNet-supervised: no ImageNet top-1 applies.',
  },
  vit_base_patch16_224_dino: {
    label: 'DINO ViT-B/16',
    family: 'ViT',
    params1000: null,
    top1: {},
    note: 'Self-supervised (DINO) on ImageNet without labels: no supervised top-1 applies.',
  },
  coatnet_0_rw_224: {
    label: 'CoAtNet-0-rw',
    family: 'CoAtNet',
    params1000: { value: 27_440_000, source: timmParams('coatnet_0_rw_224.sw_in1k', '27.44') },
    top1: {},
    note: 'No top-1: the study does not say which pretrained weights it used.',
  },
  densenet121_attention: {
    label: 'DenseNet121 + attention-augmented transitions',
    family: 'DenseNet',
    params1000: null,
    top1: {},
    note: 'Custom modification (kamenbliznashki/chexpert); no published count or ImageNet accuracy.',
  },
  densenet121_gcn: {
    label: 'DenseNet121 + GCN',
    family: 'DenseNet',
    params1000: null,
    top1: {},
    note: 'Leaderboard entry with a graph network head; architecture details not published.',
  },
  mobilenet_unspecified: {
    label: 'MobileNet (variant not stated)',
    family: 'MobileNet',
    params1000: null,
    top1: {},
    note: 'Leaderboard entry; which MobileNet was not stated.',
  },
  ensemble_unspecified: {
    label: 'Ensemble (architectures not stated)',
    family: 'Ensemble',
    params1000: null,
    top1: {},
    note: 'Leaderboard top entry, an ensemble; shown only as a reference ceiling.',
  },
} as const satisfies Record<string, ExtraArch>;
