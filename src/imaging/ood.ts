/**
 * "Is this unlikely to be a frontal chest radiograph?" Cheap checks a radiographer would make
 * before trusting a chest model's output, each with a reason the UI can show. A flag is a warning,
 * not a verdict: the models still run.
 *
 * Header checks (DICOM only, and only when the attribute is present):
 * - Modality (0008,0060) must be a projection radiograph: CR, DX, or RG (PS3.3 C.7.3.1.1.1), plus
 *   the non-standard DR some vendors write.
 * - Body Part Examined (0018,0015), when present, must be chest (PS3.16 Annex L defined terms:
 *   CHEST; THORAX and LUNG are written by some devices).
 * - View Position (0018,5101), when present, must be frontal (PA or AP); LL/RL/oblique are not.
 * Pixel checks (every format):
 * - colour: a radiograph has no chroma (see CHROMA_*);
 * - aspect ratio: chest detectors and cassettes are 35×43 cm or 43×43 cm (ratio 0.81–1.0); allow
 *   0.6–1.6 for crops and landscape placement;
 * - intensity: almost one value, or mean brightness at the extremes, is not a usable radiograph;
 * - collimation: a large saturated-white (shuttered) area means a small exposed field.
 */
import { toGreyFloat } from './grey.ts';
import type { DecodedImage, GreyImage } from './types.ts';

/** Why an image was flagged. */
export type OodCode =
  | 'modality'
  | 'body-part'
  | 'view-position'
  | 'colour'
  | 'aspect-ratio'
  | 'flat-intensity'
  | 'too-dark'
  | 'too-bright'
  | 'small-field';

/** One reason, machine- and human-readable. */
export interface OodReason {
  readonly code: OodCode;
  readonly message: string;
}

/** The verdict: flagged when there is at least one reason. */
export interface OodResult {
  readonly flagged: boolean;
  readonly reasons: readonly OodReason[];
}

const RADIOGRAPH_MODALITIES = new Set(['CR', 'DX', 'RG', 'DR']);
const CHEST_BODY_PARTS = new Set(['CHEST', 'THORAX', 'LUNG']);
const FRONTAL_VIEWS = new Set(['PA', 'AP']);
/** Plausible width / height of a chest radiograph (see the module comment). */
export const ASPECT_RANGE = [0.6, 1.6] as const;
/**
 * A pixel is chromatic when max(R,G,B) − min(R,G,B) exceeds 10 % of full scale: JPEG chroma
 * noise in grey images stays within a few grey levels (< 3 %). The image is colour when more than
 * 5 % of its pixels are chromatic: a burnt-in coloured annotation on a radiograph stays below that.
 */
export const CHROMA_PIXEL = 0.1;
/** Fraction of chromatic pixels above which an image is colour (see CHROMA_PIXEL). */
export const CHROMA_FRACTION = 0.05;
/** More than 60 % of pixels in one 1/64 intensity bin: a blank or near-blank frame. */
export const FLAT_FRACTION = 0.6;
/** Mean windowed brightness outside [0.08, 0.92]: the window or the exposure is unusable. */
export const MEAN_RANGE = [0.08, 0.92] as const;
/**
 * Collimation: shuttered or unexposed detector shows saturated white. A PA chest is collimated
 * to the thorax (about 30 × 35 cm) on a 35 × 43 cm detector, leaving at most ~30 % outside the
 * field; more than a third of the image in the top 1/64 of the grey scale means the exposed
 * field is too small for a chest (an extremity, a spot view). A judgement from anatomy and
 * detector sizes, not fitted to data: no chest corpus was available to measure its false-alarm
 * rate (0 % saturated on the 9 chest images here; 45 % on the NEMA tibia).
 */
export const SATURATED_FRACTION = 1 / 3;

function headerReasons(image: DecodedImage): OodReason[] {
  const { modality, bodyPartExamined, viewPosition } = image.source;
  const reasons: OodReason[] = [];
  if (modality !== undefined && !RADIOGRAPH_MODALITIES.has(modality.toUpperCase())) {
    reasons.push({
      code: 'modality',
      message: `Modality is ${modality}, not a radiograph (CR/DX)`,
    });
  }
  if (bodyPartExamined !== undefined && !CHEST_BODY_PARTS.has(bodyPartExamined.toUpperCase())) {
    reasons.push({
      code: 'body-part',
      message: `Body part examined is ${bodyPartExamined}, not CHEST`,
    });
  }
  if (viewPosition !== undefined && !FRONTAL_VIEWS.has(viewPosition.toUpperCase())) {
    reasons.push({
      code: 'view-position',
      message: `View position is ${viewPosition}, not frontal (PA/AP)`,
    });
  }
  return reasons;
}

/**
 * Fraction of chromatic pixels in an interleaved RGB image.
 * @param image a 3-channel image
 * @returns the fraction of pixels whose channel spread exceeds CHROMA_PIXEL of full scale
 */
export function chromaticFraction(image: DecodedImage): number {
  const { data } = image;
  const threshold = CHROMA_PIXEL * (2 ** image.bitsStored - 1);
  const pixels = image.width * image.height;
  let chromatic = 0;
  for (let i = 0; i < pixels * 3; i += 3) {
    const r = data[i] ?? 0;
    const g = data[i + 1] ?? 0;
    const b = data[i + 2] ?? 0;
    if (Math.max(r, g, b) - Math.min(r, g, b) > threshold) chromatic++;
  }
  return pixels === 0 ? 0 : chromatic / pixels;
}

function intensityReasons(grey: GreyImage): OodReason[] {
  const hist = new Uint32Array(64);
  let sum = 0;
  const { data } = grey;
  // an indexed loop: `for…of` over a million-pixel Float32Array took twice as long (Node 20)
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    const b = Math.min(63, Math.floor(v * 64));
    hist[b] = (hist[b] ?? 0) + 1;
    sum += v;
  }
  const n = Math.max(1, grey.data.length);
  const mean = sum / n;
  const peak = Math.max(...hist) / n;
  const saturated = (hist[63] ?? 0) / n;
  const reasons: OodReason[] = [];
  if (peak > FLAT_FRACTION) {
    reasons.push({
      code: 'flat-intensity',
      message: `${Math.round(peak * 100)} % of pixels share one grey level`,
    });
  }
  if (saturated > SATURATED_FRACTION) {
    const pct = Math.round(saturated * 100);
    reasons.push({
      code: 'small-field',
      message: `${pct} % of the image is saturated white (collimated or unexposed): the exposed field looks too small for a chest`,
    });
  }
  if (mean < MEAN_RANGE[0])
    reasons.push({ code: 'too-dark', message: `Mean brightness ${mean.toFixed(2)} is too dark` });
  if (mean > MEAN_RANGE[1])
    reasons.push({
      code: 'too-bright',
      message: `Mean brightness ${mean.toFixed(2)} is too bright`,
    });
  return reasons;
}

/**
 * Run every check.
 * @param image a decoded image
 * @param grey its grey rendering, if already computed (else `toGreyFloat(image)`)
 * @returns the flag and every reason found
 */
export function checkOutOfDistribution(image: DecodedImage, grey?: GreyImage): OodResult {
  const reasons = headerReasons(image);
  if (image.channels === 3) {
    const fraction = chromaticFraction(image);
    if (fraction > CHROMA_FRACTION) {
      reasons.push({
        code: 'colour',
        message: `Colour image (${Math.round(fraction * 100)} % of pixels have chroma)`,
      });
    }
  }
  const aspect = image.width / image.height;
  if (aspect < ASPECT_RANGE[0] || aspect > ASPECT_RANGE[1]) {
    reasons.push({
      code: 'aspect-ratio',
      message: `Aspect ratio ${aspect.toFixed(2)} is unusual for a chest radiograph`,
    });
  }
  reasons.push(...intensityReasons(grey ?? toGreyFloat(image)));
  return { flagged: reasons.length > 0, reasons };
}
