/**
 * The model catalog: one entry per CheXtransfer architecture, every number with its source.
 *
 * DATA ONLY. Must not import '@tensorflow/*' (or anything that does): the study charts and the
 * Architecture Lab read this on the first view, before TensorFlow.js is loaded.
 * Tests recompute what code can recompute (parameter counts, block shapes).
 */
import type { ArchMeta } from './types.ts';

const IMAGENET_MEAN = [0.485, 0.456, 0.406] as const;
const IMAGENET_STD = [0.229, 0.224, 0.225] as const;
// timm's IMAGENET_INCEPTION_MEAN/STD: the Google-trained Inception weights expect [-1, 1] input.
const INCEPTION_MEAN = [0.5, 0.5, 0.5] as const;
const INCEPTION_STD = [0.5, 0.5, 0.5] as const;

/** timm's ImageNet results table at the commit whose models the zoo reproduces. */
const TIMM_CSV =
  'https://github.com/huggingface/pytorch-image-models/blob/aa4b5850c1543fa488abf260f18390eda46cf85d/results/results-imagenet.csv';
/** torchvision's model code at the v0.14.1 tag: each weight set's meta (acc@1, num_params). */
const TV_DOCS = 'https://github.com/pytorch/vision/tree/v0.14.1/torchvision/models';
/** torchvision's error table of v0.8–v0.10, current when CheXtransfer was written (Jan 2021). */
const TV_ERROR_TABLE =
  '100 − top-1 error in the torchvision models.rst table of v0.8–v0.10 (current when the paper was written), https://github.com/pytorch/vision/blob/v0.8.2/docs/source/models.rst';

const PARAMS_SOURCE = `torchvision 0.14.1 weights meta num_params (${TV_DOCS}) = timm sum(numel) at https://github.com/huggingface/pytorch-image-models/tree/aa4b5850c1543fa488abf260f18390eda46cf85d; recomputed by the zoo tests`;
/** torchvision counts InceptionV3's auxiliary head; the catalog's model (timm's) has none. */
const INCEPTION_V3_PARAMS_SOURCE =
  'timm inception_v3 sum(numel), without the auxiliary head, at https://github.com/huggingface/pytorch-image-models/tree/aa4b5850c1543fa488abf260f18390eda46cf85d (torchvision 0.14.1 num_params is 27,161,264 because it includes AuxLogits, 3,326,696); recomputed by the zoo tests';
const LICENSE_NOTE =
  'See the Hugging Face model card (timm weights: Apache-2.0; torchvision-trained weights: BSD-3-Clause); not re-verified here';

/** timm's default crop_pct of 0.875: resize the shorter side to input / 0.875, then centre-crop. */
const resizeFor = (input: number): number => Math.round(input / 0.875);

export const CATALOG = {
  densenet121: {
    id: 'densenet121',
    label: 'DenseNet121',
    family: 'DenseNet',
    torchvision: 'densenet121',
    paper: 'Huang et al., Densely Connected Convolutional Networks, arXiv:1608.06993',
    inputSize: 224,
    resizeSize: resizeFor(224),
    interpolation: 'bicubic',
    mean: IMAGENET_MEAN,
    std: IMAGENET_STD,
    bnEpsilon: 1e-5,
    params1000: { value: 7_978_856, source: PARAMS_SOURCE },
    top1: {
      paperEra: {
        value: 74.65,
        source: TV_ERROR_TABLE,
      },
      torchvision: {
        value: 74.434,
        source: `torchvision 0.14.1 densenet121.IMAGENET1K_V1 meta acc@1: ${TV_DOCS}`,
      },
      timm: {
        value: 74.75,
        source: `timm results-imagenet.csv, row densenet121.tv_in1k: ${TIMM_CSV}`,
      },
    },
    weights: {
      hfRepo: 'timm/densenet121.tv_in1k',
      tag: 'tv_in1k',
      file: 'model.safetensors',
      sizeMb: 32.3,
      license: LICENSE_NOTE,
      top1: {
        value: 74.75,
        source: `timm results-imagenet.csv, row densenet121.tv_in1k: ${TIMM_CSV}`,
      },
      sameAsTorchvision: true,
    },
  },
  densenet169: {
    id: 'densenet169',
    label: 'DenseNet169',
    family: 'DenseNet',
    torchvision: 'densenet169',
    paper: 'Huang et al., Densely Connected Convolutional Networks, arXiv:1608.06993',
    inputSize: 224,
    resizeSize: resizeFor(224),
    interpolation: 'bicubic',
    mean: IMAGENET_MEAN,
    std: IMAGENET_STD,
    bnEpsilon: 1e-5,
    params1000: { value: 14_149_480, source: PARAMS_SOURCE },
    top1: {
      paperEra: {
        value: 76.0,
        source: TV_ERROR_TABLE,
      },
      torchvision: {
        value: 75.6,
        source: `torchvision 0.14.1 densenet169.IMAGENET1K_V1 meta acc@1: ${TV_DOCS}`,
      },
      timm: {
        value: 75.922,
        source: `timm results-imagenet.csv, row densenet169.tv_in1k: ${TIMM_CSV}`,
      },
    },
    weights: {
      hfRepo: 'timm/densenet169.tv_in1k',
      tag: 'tv_in1k',
      file: 'model.safetensors',
      sizeMb: 57.4,
      license: LICENSE_NOTE,
      top1: {
        value: 75.922,
        source: `timm results-imagenet.csv, row densenet169.tv_in1k: ${TIMM_CSV}`,
      },
      sameAsTorchvision: true,
    },
  },
  densenet201: {
    id: 'densenet201',
    label: 'DenseNet201',
    family: 'DenseNet',
    torchvision: 'densenet201',
    paper: 'Huang et al., Densely Connected Convolutional Networks, arXiv:1608.06993',
    inputSize: 224,
    resizeSize: resizeFor(224),
    interpolation: 'bicubic',
    mean: IMAGENET_MEAN,
    std: IMAGENET_STD,
    bnEpsilon: 1e-5,
    params1000: { value: 20_013_928, source: PARAMS_SOURCE },
    top1: {
      paperEra: {
        value: 77.2,
        source: TV_ERROR_TABLE,
      },
      torchvision: {
        value: 76.896,
        source: `torchvision 0.14.1 densenet201.IMAGENET1K_V1 meta acc@1: ${TV_DOCS}`,
      },
      timm: {
        value: 77.284,
        source: `timm results-imagenet.csv, row densenet201.tv_in1k: ${TIMM_CSV}`,
      },
    },
    weights: {
      hfRepo: 'timm/densenet201.tv_in1k',
      tag: 'tv_in1k',
      file: 'model.safetensors',
      sizeMb: 81.1,
      license: LICENSE_NOTE,
      top1: {
        value: 77.284,
        source: `timm results-imagenet.csv, row densenet201.tv_in1k: ${TIMM_CSV}`,
      },
      sameAsTorchvision: true,
    },
  },
  resnet18: {
    id: 'resnet18',
    label: 'ResNet18',
    family: 'ResNet',
    torchvision: 'resnet18',
    paper: 'He et al., Deep Residual Learning for Image Recognition, arXiv:1512.03385',
    inputSize: 224,
    resizeSize: resizeFor(224),
    interpolation: 'bilinear',
    mean: IMAGENET_MEAN,
    std: IMAGENET_STD,
    bnEpsilon: 1e-5,
    params1000: { value: 11_689_512, source: PARAMS_SOURCE },
    top1: {
      paperEra: {
        value: 69.76,
        source: TV_ERROR_TABLE,
      },
      torchvision: {
        value: 69.758,
        source: `torchvision 0.14.1 resnet18.IMAGENET1K_V1 meta acc@1: ${TV_DOCS}`,
      },
      timm: {
        value: 69.752,
        source: `timm results-imagenet.csv, row resnet18.tv_in1k: ${TIMM_CSV}`,
      },
    },
    weights: {
      hfRepo: 'timm/resnet18.tv_in1k',
      tag: 'tv_in1k',
      file: 'model.safetensors',
      sizeMb: 46.8,
      license: LICENSE_NOTE,
      top1: {
        value: 69.752,
        source: `timm results-imagenet.csv, row resnet18.tv_in1k: ${TIMM_CSV}`,
      },
      sameAsTorchvision: true,
    },
  },
  resnet34: {
    id: 'resnet34',
    label: 'ResNet34',
    family: 'ResNet',
    torchvision: 'resnet34',
    paper: 'He et al., Deep Residual Learning for Image Recognition, arXiv:1512.03385',
    inputSize: 224,
    resizeSize: resizeFor(224),
    interpolation: 'bilinear',
    mean: IMAGENET_MEAN,
    std: IMAGENET_STD,
    bnEpsilon: 1e-5,
    params1000: { value: 21_797_672, source: PARAMS_SOURCE },
    top1: {
      paperEra: {
        value: 73.3,
        source: TV_ERROR_TABLE,
      },
      torchvision: {
        value: 73.314,
        source: `torchvision 0.14.1 resnet34.IMAGENET1K_V1 meta acc@1: ${TV_DOCS}`,
      },
      timm: {
        value: 73.298,
        source: `timm results-imagenet.csv, row resnet34.tv_in1k: ${TIMM_CSV}`,
      },
    },
    weights: {
      hfRepo: 'timm/resnet34.tv_in1k',
      tag: 'tv_in1k',
      file: 'model.safetensors',
      sizeMb: 87.3,
      license: LICENSE_NOTE,
      top1: {
        value: 73.298,
        source: `timm results-imagenet.csv, row resnet34.tv_in1k: ${TIMM_CSV}`,
      },
      sameAsTorchvision: true,
    },
  },
  resnet50: {
    id: 'resnet50',
    label: 'ResNet50',
    family: 'ResNet',
    torchvision: 'resnet50',
    paper: 'He et al., Deep Residual Learning for Image Recognition, arXiv:1512.03385',
    inputSize: 224,
    resizeSize: resizeFor(224),
    interpolation: 'bilinear',
    mean: IMAGENET_MEAN,
    std: IMAGENET_STD,
    bnEpsilon: 1e-5,
    params1000: { value: 25_557_032, source: PARAMS_SOURCE },
    top1: {
      paperEra: {
        value: 76.15,
        source: TV_ERROR_TABLE,
      },
      torchvision: {
        value: 76.13,
        source: `torchvision 0.14.1 resnet50.IMAGENET1K_V1 meta acc@1: ${TV_DOCS}`,
      },
      timm: {
        value: 76.156,
        source: `timm results-imagenet.csv, row resnet50.tv_in1k: ${TIMM_CSV}`,
      },
    },
    weights: {
      hfRepo: 'timm/resnet50.tv_in1k',
      tag: 'tv_in1k',
      file: 'model.safetensors',
      sizeMb: 102.4,
      license: LICENSE_NOTE,
      top1: {
        value: 76.156,
        source: `timm results-imagenet.csv, row resnet50.tv_in1k: ${TIMM_CSV}`,
      },
      sameAsTorchvision: true,
    },
  },
  resnet101: {
    id: 'resnet101',
    label: 'ResNet101',
    family: 'ResNet',
    torchvision: 'resnet101',
    paper: 'He et al., Deep Residual Learning for Image Recognition, arXiv:1512.03385',
    inputSize: 224,
    resizeSize: resizeFor(224),
    interpolation: 'bilinear',
    mean: IMAGENET_MEAN,
    std: IMAGENET_STD,
    bnEpsilon: 1e-5,
    params1000: { value: 44_549_160, source: PARAMS_SOURCE },
    top1: {
      paperEra: {
        value: 77.37,
        source: TV_ERROR_TABLE,
      },
      torchvision: {
        value: 77.374,
        source: `torchvision 0.14.1 resnet101.IMAGENET1K_V1 meta acc@1: ${TV_DOCS}`,
      },
      timm: {
        value: 77.404,
        source: `timm results-imagenet.csv, row resnet101.tv_in1k: ${TIMM_CSV}`,
      },
    },
    weights: {
      hfRepo: 'timm/resnet101.tv_in1k',
      tag: 'tv_in1k',
      file: 'model.safetensors',
      sizeMb: 178.6,
      license: LICENSE_NOTE,
      top1: {
        value: 77.404,
        source: `timm results-imagenet.csv, row resnet101.tv_in1k: ${TIMM_CSV}`,
      },
      sameAsTorchvision: true,
    },
  },
  inception_v3: {
    id: 'inception_v3',
    label: 'InceptionV3',
    family: 'Inception',
    torchvision: 'inception_v3',
    paper:
      'Szegedy et al., Rethinking the Inception Architecture for Computer Vision, arXiv:1512.00567',
    inputSize: 299,
    resizeSize: resizeFor(299),
    interpolation: 'bicubic',
    mean: INCEPTION_MEAN,
    std: INCEPTION_STD,
    bnEpsilon: 1e-3,
    params1000: { value: 23_834_568, source: INCEPTION_V3_PARAMS_SOURCE },
    top1: {
      paperEra: {
        value: 77.45,
        source: TV_ERROR_TABLE,
      },
      torchvision: {
        value: 77.294,
        source: `torchvision 0.14.1 inception_v3.IMAGENET1K_V1 meta acc@1: ${TV_DOCS}`,
      },
      timm: {
        value: 77.472,
        source: `timm results-imagenet.csv, row inception_v3.tv_in1k @299: ${TIMM_CSV}`,
      },
    },
    weights: {
      hfRepo: 'timm/inception_v3.tv_in1k',
      tag: 'tv_in1k',
      file: 'model.safetensors',
      sizeMb: 95.5,
      license: LICENSE_NOTE,
      top1: {
        value: 77.472,
        source: `timm results-imagenet.csv, row inception_v3.tv_in1k @299: ${TIMM_CSV}`,
      },
      sameAsTorchvision: true,
    },
  },
  inception_v4: {
    id: 'inception_v4',
    label: 'InceptionV4',
    family: 'Inception',
    torchvision: null,
    paper:
      'Szegedy et al., Inception-v4, Inception-ResNet and the Impact of Residual Connections on Learning, arXiv:1602.07261',
    inputSize: 299,
    resizeSize: resizeFor(299),
    interpolation: 'bicubic',
    mean: INCEPTION_MEAN,
    std: INCEPTION_STD,
    bnEpsilon: 1e-3,
    params1000: { value: 42_679_816, source: PARAMS_SOURCE },
    top1: {
      paperEra: {
        value: 80.062,
        source:
          'Cadene pretrained-models.pytorch README, row InceptionV4 "Our porting" (of the TF-slim weights), https://github.com/Cadene/pretrained-models.pytorch/blob/8aae3d8f1135b6b13fed79c1d431e3449fdbf6e0/README.md',
      },
      timm: {
        value: 80.144,
        source: `timm results-imagenet.csv, row inception_v4.tf_in1k @299: ${TIMM_CSV}`,
      },
    },
    weights: {
      hfRepo: 'timm/inception_v4.tf_in1k',
      tag: 'tf_in1k',
      file: 'model.safetensors',
      sizeMb: 171.0,
      license: LICENSE_NOTE,
      top1: {
        value: 80.144,
        source: `timm results-imagenet.csv, row inception_v4.tf_in1k @299: ${TIMM_CSV}`,
      },
      sameAsTorchvision: false,
    },
  },
  mnasnet_100: {
    id: 'mnasnet_100',
    label: 'MNASNet',
    family: 'MNASNet',
    torchvision: 'mnasnet1_0',
    paper:
      'Tan et al., MnasNet: Platform-Aware Neural Architecture Search for Mobile, arXiv:1807.11626',
    inputSize: 224,
    resizeSize: resizeFor(224),
    interpolation: 'bicubic',
    mean: IMAGENET_MEAN,
    std: IMAGENET_STD,
    bnEpsilon: 1e-5,
    params1000: { value: 4_383_312, source: PARAMS_SOURCE },
    top1: {
      paperEra: {
        value: 73.51,
        source: TV_ERROR_TABLE,
      },
      torchvision: {
        value: 73.456,
        source: `torchvision 0.14.1 mnasnet1_0.IMAGENET1K_V1 meta acc@1: ${TV_DOCS}`,
      },
      timm: {
        value: 74.672,
        source: `timm results-imagenet.csv, row mnasnet_100.rmsp_in1k: ${TIMM_CSV}`,
      },
    },
    weights: {
      hfRepo: 'timm/mnasnet_100.rmsp_in1k',
      tag: 'rmsp_in1k',
      file: 'model.safetensors',
      sizeMb: 17.7,
      license: LICENSE_NOTE,
      top1: {
        value: 74.672,
        source: `timm results-imagenet.csv, row mnasnet_100.rmsp_in1k: ${TIMM_CSV}`,
      },
      sameAsTorchvision: false,
    },
  },
  efficientnet_b0: {
    id: 'efficientnet_b0',
    label: 'EfficientNetB0',
    family: 'EfficientNet',
    torchvision: 'efficientnet_b0',
    paper:
      'Tan and Le, EfficientNet: Rethinking Model Scaling for Convolutional Neural Networks, arXiv:1905.11946',
    inputSize: 224,
    resizeSize: resizeFor(224),
    interpolation: 'bicubic',
    mean: IMAGENET_MEAN,
    std: IMAGENET_STD,
    bnEpsilon: 1e-5,
    params1000: { value: 5_288_548, source: PARAMS_SOURCE },
    top1: {
      paperEra: {
        value: 76.3,
        source:
          'lukemelas/EfficientNet-PyTorch README table (the probable implementation in Jan 2021), as of Dec 2020: https://github.com/lukemelas/EfficientNet-PyTorch/blob/b294ed92b8dd87ed348bbad96ecc7df48e496e68/README.md',
      },
      torchvision: {
        value: 77.692,
        source: `torchvision 0.14.1 efficientnet_b0.IMAGENET1K_V1 meta acc@1: ${TV_DOCS}`,
      },
      timm: {
        value: 77.698,
        source: `timm results-imagenet.csv, row efficientnet_b0.ra_in1k: ${TIMM_CSV}`,
      },
    },
    weights: {
      hfRepo: 'timm/efficientnet_b0.ra_in1k',
      tag: 'ra_in1k',
      file: 'model.safetensors',
      sizeMb: 21.4,
      license: LICENSE_NOTE,
      top1: {
        value: 77.698,
        source: `timm results-imagenet.csv, row efficientnet_b0.ra_in1k: ${TIMM_CSV}`,
      },
      sameAsTorchvision: true,
    },
  },
  efficientnet_b1: {
    id: 'efficientnet_b1',
    label: 'EfficientNetB1',
    family: 'EfficientNet',
    torchvision: 'efficientnet_b1',
    paper:
      'Tan and Le, EfficientNet: Rethinking Model Scaling for Convolutional Neural Networks, arXiv:1905.11946',
    inputSize: 240,
    resizeSize: resizeFor(240),
    interpolation: 'bicubic',
    mean: IMAGENET_MEAN,
    std: IMAGENET_STD,
    bnEpsilon: 1e-5,
    params1000: { value: 7_794_184, source: PARAMS_SOURCE },
    top1: {
      paperEra: {
        value: 78.8,
        source:
          'lukemelas/EfficientNet-PyTorch README table (the probable implementation in Jan 2021), as of Dec 2020: https://github.com/lukemelas/EfficientNet-PyTorch/blob/b294ed92b8dd87ed348bbad96ecc7df48e496e68/README.md',
      },
      torchvision: {
        value: 78.642,
        source: `torchvision 0.14.1 efficientnet_b1.IMAGENET1K_V1 meta acc@1: ${TV_DOCS}`,
      },
      timm: {
        value: 77.592,
        source: `timm results-imagenet.csv, row efficientnet_b1.ft_in1k @224: ${TIMM_CSV}`,
      },
    },
    weights: {
      hfRepo: 'timm/efficientnet_b1.ft_in1k',
      tag: 'ft_in1k',
      file: 'model.safetensors',
      sizeMb: 31.5,
      license: LICENSE_NOTE,
      top1: {
        value: 77.592,
        source: `timm results-imagenet.csv, row efficientnet_b1.ft_in1k @224: ${TIMM_CSV}`,
      },
      sameAsTorchvision: true,
    },
  },
  efficientnet_b2: {
    id: 'efficientnet_b2',
    label: 'EfficientNetB2',
    family: 'EfficientNet',
    torchvision: 'efficientnet_b2',
    paper:
      'Tan and Le, EfficientNet: Rethinking Model Scaling for Convolutional Neural Networks, arXiv:1905.11946',
    inputSize: 260,
    resizeSize: resizeFor(260),
    interpolation: 'bicubic',
    mean: IMAGENET_MEAN,
    std: IMAGENET_STD,
    bnEpsilon: 1e-5,
    params1000: { value: 9_109_994, source: PARAMS_SOURCE },
    top1: {
      paperEra: {
        value: 79.8,
        source:
          'lukemelas/EfficientNet-PyTorch README table (the probable implementation in Jan 2021), as of Dec 2020: https://github.com/lukemelas/EfficientNet-PyTorch/blob/b294ed92b8dd87ed348bbad96ecc7df48e496e68/README.md',
      },
      torchvision: {
        value: 80.608,
        source: `torchvision 0.14.1 efficientnet_b2.IMAGENET1K_V1 meta acc@1: ${TV_DOCS}`,
      },
      timm: {
        value: 80.612,
        source: `timm results-imagenet.csv, row efficientnet_b2.ra_in1k @288: ${TIMM_CSV}`,
      },
    },
    weights: {
      hfRepo: 'timm/efficientnet_b2.ra_in1k',
      tag: 'ra_in1k',
      file: 'model.safetensors',
      sizeMb: 36.7,
      license: LICENSE_NOTE,
      top1: {
        value: 80.612,
        source: `timm results-imagenet.csv, row efficientnet_b2.ra_in1k @288: ${TIMM_CSV}`,
      },
      sameAsTorchvision: true,
    },
  },
  efficientnet_b3: {
    id: 'efficientnet_b3',
    label: 'EfficientNetB3',
    family: 'EfficientNet',
    torchvision: 'efficientnet_b3',
    paper:
      'Tan and Le, EfficientNet: Rethinking Model Scaling for Convolutional Neural Networks, arXiv:1905.11946',
    inputSize: 300,
    resizeSize: resizeFor(300),
    interpolation: 'bicubic',
    mean: IMAGENET_MEAN,
    std: IMAGENET_STD,
    bnEpsilon: 1e-5,
    params1000: { value: 12_233_232, source: PARAMS_SOURCE },
    top1: {
      paperEra: {
        value: 81.1,
        source:
          'lukemelas/EfficientNet-PyTorch README table (the probable implementation in Jan 2021), as of Dec 2020: https://github.com/lukemelas/EfficientNet-PyTorch/blob/b294ed92b8dd87ed348bbad96ecc7df48e496e68/README.md',
      },
      torchvision: {
        value: 82.008,
        source: `torchvision 0.14.1 efficientnet_b3.IMAGENET1K_V1 meta acc@1: ${TV_DOCS}`,
      },
      timm: {
        value: 81.472,
        source: `timm results-imagenet.csv, row efficientnet_b3.ra2_in1k @288: ${TIMM_CSV}`,
      },
    },
    weights: {
      hfRepo: 'timm/efficientnet_b3.ra2_in1k',
      tag: 'ra2_in1k',
      file: 'model.safetensors',
      sizeMb: 49.3,
      license: LICENSE_NOTE,
      top1: {
        value: 81.472,
        source: `timm results-imagenet.csv, row efficientnet_b3.ra2_in1k @288: ${TIMM_CSV}`,
      },
      sameAsTorchvision: true,
    },
  },
  mobilenetv2_100: {
    id: 'mobilenetv2_100',
    label: 'MobileNetV2',
    family: 'MobileNet',
    torchvision: 'mobilenet_v2',
    paper:
      'Sandler et al., MobileNetV2: Inverted Residuals and Linear Bottlenecks, arXiv:1801.04381',
    inputSize: 224,
    resizeSize: resizeFor(224),
    interpolation: 'bicubic',
    mean: IMAGENET_MEAN,
    std: IMAGENET_STD,
    bnEpsilon: 1e-5,
    params1000: { value: 3_504_872, source: PARAMS_SOURCE },
    top1: {
      paperEra: {
        value: 71.88,
        source: TV_ERROR_TABLE,
      },
      torchvision: {
        value: 71.878,
        source: `torchvision 0.14.1 mobilenet_v2.IMAGENET1K_V1 meta acc@1: ${TV_DOCS}`,
      },
      timm: {
        value: 72.91,
        source: `timm results-imagenet.csv, row mobilenetv2_100.ra_in1k: ${TIMM_CSV}`,
      },
    },
    weights: {
      hfRepo: 'timm/mobilenetv2_100.ra_in1k',
      tag: 'ra_in1k',
      file: 'model.safetensors',
      sizeMb: 14.2,
      license: LICENSE_NOTE,
      top1: {
        value: 72.91,
        source: `timm results-imagenet.csv, row mobilenetv2_100.ra_in1k: ${TIMM_CSV}`,
      },
      sameAsTorchvision: false,
    },
  },
  mobilenetv3_large_100: {
    id: 'mobilenetv3_large_100',
    label: 'MobileNetV3',
    family: 'MobileNet',
    torchvision: 'mobilenet_v3_large',
    paper: 'Howard et al., Searching for MobileNetV3, arXiv:1905.02244',
    inputSize: 224,
    resizeSize: resizeFor(224),
    interpolation: 'bicubic',
    mean: IMAGENET_MEAN,
    std: IMAGENET_STD,
    bnEpsilon: 1e-5,
    params1000: { value: 5_483_032, source: PARAMS_SOURCE },
    top1: {
      paperEra: {
        value: 75.766,
        source:
          'timm results-imagenet.csv of July 2020 to January 2021, row mobilenetv3_large_100 (torchvision had no MobileNetV3 in Jan 2021): https://github.com/huggingface/pytorch-image-models/blob/b496b7bde9861b8736c6ef74c735313e20058252/results/results-imagenet.csv',
      },
      torchvision: {
        value: 74.042,
        source: `torchvision 0.14.1 mobilenet_v3_large.IMAGENET1K_V1 meta acc@1: ${TV_DOCS}`,
      },
      timm: {
        value: 75.784,
        source: `timm results-imagenet.csv, row mobilenetv3_large_100.ra_in1k: ${TIMM_CSV}`,
      },
    },
    weights: {
      hfRepo: 'timm/mobilenetv3_large_100.ra_in1k',
      tag: 'ra_in1k',
      file: 'model.safetensors',
      sizeMb: 22.1,
      license: LICENSE_NOTE,
      top1: {
        value: 75.784,
        source: `timm results-imagenet.csv, row mobilenetv3_large_100.ra_in1k: ${TIMM_CSV}`,
      },
      sameAsTorchvision: false,
    },
  },
} as const satisfies Record<string, ArchMeta>;

/** A CheXtransfer architecture id (a timm model name). */
export type ArchId = keyof typeof CATALOG;

/** The 16 ids in the paper's order (DenseNet, ResNet, Inception, MNASNet, EfficientNet, MobileNet). */
export const ARCH_IDS = Object.keys(CATALOG) as ArchId[];

/**
 * @param id any string, e.g. from a permalink or a CSV cell
 * @returns whether it names one of the 16 architectures
 */
export function isArchId(id: string): id is ArchId {
  return Object.hasOwn(CATALOG, id);
}
