/**
 * Chest-X-ray-trained models: TorchXRayVision's published DenseNet-121 (224 px) and ResNet-50
 * (512 px) weights, as data, every fact with its source (a commit-pinned line of
 * mlmed/torchxrayvision, Apache-2.0), plus its preprocessing as data.
 *
 * DATA ONLY. Must not import '@tensorflow/*' (or anything that does): the X-ray panel lists these
 * before TensorFlow.js is loaded. `chestCatalog.test.ts` recomputes the sizes from the zoo's
 * tensor list and checks every entry's fields.
 */
import type { Sourced } from './types.ts';

/** The commit the facts below were read from (version 1.5.2). */
export const XRV_COMMIT = 'f4087a0b0d0cdc6a5877fb5456965b6d29adb1e5';
const XRV = `https://github.com/mlmed/torchxrayvision/blob/${XRV_COMMIT}`;
const MODELS_PY = `${XRV}/torchxrayvision/models.py`;
const RELEASE = 'https://github.com/mlmed/torchxrayvision/releases/download/v1';

/** The 18 outputs of every TorchXRayVision classifier (`xrv.datasets.default_pathologies`). */
export const XRV_PATHOLOGIES = [
  'Atelectasis',
  'Consolidation',
  'Infiltration',
  'Pneumothorax',
  'Edema',
  'Emphysema',
  'Fibrosis',
  'Effusion',
  'Pneumonia',
  'Pleural_Thickening',
  'Cardiomegaly',
  'Nodule',
  'Mass',
  'Hernia',
  'Lung Lesion',
  'Fracture',
  'Lung Opacity',
  'Enlarged Cardiomediastinum',
] as const;

/** Where the five CheXpert tasks sit among TorchXRayVision's labels (its 'Effusion' is CheXpert's 'Pleural Effusion'). */
export const CHEXPERT_IN_XRV = {
  Atelectasis: 'Atelectasis',
  Cardiomegaly: 'Cardiomegaly',
  Consolidation: 'Consolidation',
  Edema: 'Edema',
  'Pleural Effusion': 'Effusion',
} as const;

/**
 * TorchXRayVision's preprocessing, as data; `src/imaging/xrvPreprocess.ts` is its one function.
 * 1. scale to [-1024, 1024]: `(2 * (x / maxval) - 1) * 1024`, maxval = 2^bits - 1;
 * 2. one channel: the first one of a colour image (`img[:, :, 0]`), not a luma mix;
 * 3. centre crop to a square on the long side: start = dim // 2 - side // 2;
 * 4. resize to the model's size with `skimage.transform.resize(img, (1, S, S), mode='constant',
 *    preserve_range=True)`: Gaussian anti-aliasing (sigma = (factor - 1) / 2) then bilinear,
 *    both with zero padding.
 */
export const XRV_PREPROCESS = {
  range: { value: [-1024, 1024], source: `${XRV}/torchxrayvision/utils.py#L53-L63 (normalize)` },
  maxval: {
    value: '2^bits - 1',
    source: `${XRV}/torchxrayvision/utils.py#L136 (read_xray_dcm: 2**BitsStored - 1; load_image uses 255 for 8-bit PNG/JPEG, L89)`,
  },
  channel: {
    value: 'first',
    source: `${XRV}/torchxrayvision/utils.py#L91-L93 (load_image: img[:, :, 0])`,
  },
  monochrome1: {
    value: 'inverted',
    source: `${XRV}/torchxrayvision/utils.py#L145-L150 (read_xray_dcm, fix_monochrome)`,
  },
  crop: {
    value: 'centre square',
    source: `${XRV}/torchxrayvision/datasets.py#L2322-L2333 (XRayCenterCrop)`,
  },
  resize: {
    value: 'skimage resize, anti-aliased, mode constant',
    source: `${XRV}/torchxrayvision/datasets.py#L2300-L2311 (XRayResizer, engine 'skimage')`,
  },
  calibration: {
    value: 'op_norm',
    source: `${MODELS_PY}#L492-L515 (op_norm: sigmoid output p, threshold t: p / 2t below t, 1 - (1 - p) / (2 (1 - t)) above; 0.5 where t is NaN)`,
  },
} as const;

/** A published chest-X-ray model. */
export interface ChestModelMeta {
  /** TorchXRayVision's weights name, e.g. `densenet121-res224-chex`. */
  readonly id: string;
  /** Zoo architecture id of its network. */
  readonly arch: 'densenet121' | 'resnet50';
  readonly inChannels: 1;
  readonly inputSize: Sourced<number>;
  /** One label per output; '' where the model was not trained for it (`model.targets`). */
  readonly outputs: Sourced<readonly string[]>;
  /** Operating points per output; null where TorchXRayVision has NaN. */
  readonly opThreshs: Sourced<readonly (number | null)[]>;
  readonly trainingData: Sourced<string>;
  readonly url: Sourced<string>;
  /** What the file holds: TorchXRayVision loads the DenseNets as whole modules. */
  readonly content: Sourced<'module' | 'state_dict'>;
  /** float32 tensor data in MB (10^6 bytes); the file adds the pickle (under 1 MB). */
  readonly sizeMb: Sourced<number>;
  readonly license: string;
}

const LICENSE =
  'Apache-2.0 (the repository licence; the v1 release states no other terms for the weights). The training sets have their own terms.';
const SIZE_SOURCE =
  'computed: float32 tensors of the network (1 input channel, 18 outputs) x 4 bytes; chestCatalog.test.ts recomputes it';
const README = (line: number): string => `${XRV}/README.md#L${line}`;
const L = (line: number): string => `${MODELS_PY}#L${line}`;
const _ = ''; // an output the model was not trained for
const NAN = null; // TorchXRayVision's np.nan: no operating point

/** Where a `model_urls` entry's fields are: the line of its weights_url (labels, op_threshs follow). */
interface Lines {
  readonly url: number;
  readonly resolution: number;
}

function densenet(
  key: string,
  file: string,
  at: Lines,
  outputs: readonly string[],
  opThreshs: readonly (number | null)[],
  trainingData: Sourced<string>,
): ChestModelMeta {
  return {
    id: `densenet121-res224-${key}`,
    arch: 'densenet121',
    inChannels: 1,
    inputSize: { value: 224, source: L(at.resolution) },
    outputs: { value: outputs, source: L(at.url + 1) },
    opThreshs: { value: opThreshs, source: L(at.url + 2) },
    trainingData,
    url: { value: `${RELEASE}/${file}`, source: L(at.url) },
    content: {
      value: 'module',
      source: `${MODELS_PY}#L315-L322 (torch.load, then savedmodel.modules() and savedmodel.state_dict())`,
    },
    sizeMb: { value: 28.2, source: SIZE_SOURCE },
    license: LICENSE,
  };
}

const ALL18: readonly string[] = XRV_PATHOLOGIES;
/** CheXpert-labelled sets (CheXpert, MIMIC-CXR): 11 of the 18 outputs. */
const CHEX11 = [
  'Atelectasis',
  'Consolidation',
  _,
  'Pneumothorax',
  'Edema',
  _,
  _,
  'Effusion',
  'Pneumonia',
  _,
  'Cardiomegaly',
  _,
  _,
  _,
  'Lung Lesion',
  'Fracture',
  'Lung Opacity',
  'Enlarged Cardiomediastinum',
];
const FILE = (prefix: string): string =>
  `${prefix}-densenet121-d121-tw-lr001-rot45-tr15-sc15-seed0-best.pt`;

/** The catalog, in TorchXRayVision's order. */
export const CHEST_MODELS: readonly ChestModelMeta[] = [
  densenet(
    'all',
    FILE('nih-pc-chex-mimic_ch-google-openi-kaggle'),
    { url: 23, resolution: 27 },
    ALL18,
    [
      0.07422872, 0.038290843, 0.09814756, 0.0098118475, 0.023601074, 0.0022490358, 0.010060724,
      0.103246614, 0.056810737, 0.026791653, 0.050318155, 0.023985857, 0.01939503, 0.042889766,
      0.053369623, 0.035975814, 0.20204692, 0.05015312,
    ],
    {
      value:
        'NIH ChestX-ray14, PadChest, CheXpert, MIMIC-CXR, Google (NIH relabelled), OpenI, RSNA Pneumonia',
      source: `${L(22)} (description: nih-pc-chex-mimic_ch-google-openi-rsna)`,
    },
  ),
  densenet(
    'nih',
    FILE('nih'),
    { url: 33, resolution: 36 },
    [...ALL18.slice(0, 14), _, _, _, _],
    [
      0.039117552,
      0.0034529066,
      0.11396341,
      0.0057298196,
      0.00045666535,
      0.0018880932,
      0.012037827,
      0.038744126,
      0.0037213727,
      0.014730946,
      0.016149804,
      0.054241467,
      0.037198864,
      0.0004403434,
      NAN,
      NAN,
      NAN,
      NAN,
    ],
    { value: 'NIH ChestX-ray14', source: README(105) },
  ),
  densenet(
    'pc',
    FILE('pc'),
    { url: 42, resolution: 45 },
    [...ALL18.slice(0, 14), _, 'Fracture', _, _],
    [
      0.031012505,
      0.013347598,
      0.081435576,
      0.001262615,
      0.002587246,
      0.0035944257,
      0.0023071,
      0.055412333,
      0.044385884,
      0.042766232,
      0.043258056,
      0.037629247,
      0.005658899,
      0.0091741895,
      NAN,
      0.026507627,
      NAN,
      NAN,
    ],
    { value: 'PadChest (University of Alicante)', source: README(106) },
  ),
  densenet(
    'chex',
    FILE('chex'),
    { url: 50, resolution: 53 },
    CHEX11,
    [
      0.1988969,
      0.05710573,
      NAN,
      0.0531293,
      0.1435217,
      NAN,
      NAN,
      0.27212676,
      0.07749717,
      NAN,
      0.19712369,
      NAN,
      NAN,
      NAN,
      0.09932402,
      0.09273402,
      0.3270967,
      0.10888247,
    ],
    { value: 'CheXpert (Stanford)', source: README(107) },
  ),
  densenet(
    // the file is named "kaggle": the RSNA Pneumonia Challenge data was published on Kaggle
    'rsna',
    FILE('kaggle'),
    { url: 59, resolution: 62 },
    [_, _, _, _, _, _, _, _, 'Pneumonia', _, _, _, _, _, _, _, 'Lung Opacity', _],
    [
      NAN,
      NAN,
      NAN,
      NAN,
      NAN,
      NAN,
      NAN,
      NAN,
      0.13486601,
      NAN,
      NAN,
      NAN,
      NAN,
      NAN,
      NAN,
      NAN,
      0.13511065,
      NAN,
    ],
    { value: 'RSNA Pneumonia Challenge (Kaggle)', source: README(104) },
  ),
  densenet(
    'mimic_nb',
    FILE('mimic_nb'),
    { url: 67, resolution: 70 },
    CHEX11,
    [
      0.08558747,
      0.011884617,
      NAN,
      0.0040595434,
      0.010733786,
      NAN,
      NAN,
      0.118761964,
      0.022924708,
      NAN,
      0.06358637,
      NAN,
      NAN,
      NAN,
      0.022143636,
      0.017476924,
      0.1258702,
      0.014020768,
    ],
    { value: 'MIMIC-CXR (MIT)', source: README(108) },
  ),
  densenet(
    'mimic_ch',
    FILE('mimic_ch'),
    { url: 75, resolution: 78 },
    CHEX11,
    [
      0.09121389,
      0.010573786,
      NAN,
      0.005023008,
      0.003698257,
      NAN,
      NAN,
      0.08001232,
      0.037242252,
      NAN,
      0.05006329,
      NAN,
      NAN,
      NAN,
      0.019866971,
      0.03823637,
      0.11303808,
      0.0069147074,
    ],
    { value: 'MIMIC-CXR (MIT)', source: README(109) },
  ),
  {
    id: 'resnet50-res512-all',
    arch: 'resnet50',
    inChannels: 1,
    inputSize: { value: 512, source: L(88) },
    outputs: { value: ALL18, source: L(85) },
    opThreshs: {
      value: [
        0.51570356,
        0.50444704,
        0.53787947,
        0.50723547,
        0.5025118,
        0.5035252,
        0.5038076,
        0.51862943,
        0.5078151,
        0.50724894,
        0.5056339,
        0.510706,
        0.5053923,
        0.5020846,
        NAN,
        0.5080557,
        0.5138526,
        NAN,
      ],
      source: L(86),
    },
    trainingData: {
      value: 'PadChest, NIH ChestX-ray14, RSNA Pneumonia, SIIM Pneumothorax, VinDr-CXR',
      source: `${L(83)} (description: pc-nih-rsna-siim-vin)`,
    },
    url: { value: `${RELEASE}/pc-nih-rsna-siim-vin-resnet50-test512-e400-state.pt`, source: L(84) },
    content: {
      value: 'state_dict',
      source: `${MODELS_PY}#L435-L440 (torchvision resnet50, 1-channel conv1, load_state_dict(torch.load(...)))`,
    },
    sizeMb: { value: 94.4, source: SIZE_SOURCE },
    license: LICENSE,
  },
];

/**
 * @param id a TorchXRayVision weights name
 * @returns its entry, or undefined
 */
export function chestModel(id: string): ChestModelMeta | undefined {
  return CHEST_MODELS.find((m) => m.id === id);
}

/**
 * @param meta an entry
 * @returns the name people see: "TorchXRayVision densenet121-res224-chex"
 */
export function chestModelLabel(meta: ChestModelMeta): string {
  return `TorchXRayVision ${meta.id}`;
}

/**
 * @param meta an entry
 * @returns the published file's name (the last part of its URL)
 */
export function chestModelFileName(meta: ChestModelMeta): string {
  return meta.url.value.slice(meta.url.value.lastIndexOf('/') + 1);
}

/**
 * @param url a download URL
 * @returns the catalog entry published at exactly that URL, or undefined
 */
export function chestModelByUrl(url: string): ChestModelMeta | undefined {
  return CHEST_MODELS.find((m) => m.url.value === url);
}

/** A SHA-256 recorded for a published chest-X-ray weights file, with where it was published. */
export interface ChestDigest {
  /** The catalog entry the file is. */
  readonly chestId: string;
  /** Lower-case hex SHA-256 of the whole file; `source` is the page that states it. */
  readonly sha256: Sourced<string>;
}

/**
 * SHA-256s of published files, each stated by a public page (its `source`). A dropped file whose
 * digest is listed here is verified as that catalog model; so is one matching a catalog download
 * cached in this browser (the worker hashes those, src/worker/weights/provenance.ts). Empty for
 * now: TorchXRayVision's v1 release (github.com/mlmed/torchxrayvision/releases/tag/v1) and
 * models.py at the pinned commit publish URLs but no digests, and a digest read from an
 * unattributable third-party script is not a source. Add an entry only with a page that states it.
 */
export const CHEST_DIGESTS: readonly ChestDigest[] = [];
