/**
 * The random part of a synthetic chest radiograph: which findings a case has (with plausible
 * prevalence and co-occurrence) and the geometry the renderer draws. Seeded per index, so case
 * `i` of seed `s` is the same everywhere. All coordinates are fractions of the image side.
 * Everything here is SYNTHETIC: phantoms for testing the pipeline, not medical images.
 */
import { mulberry32 } from '../study/stats/prng.ts';
import type { TaskLabel } from './labelTypes.ts';

/** Image side: 0 = the patient's right (image left on a PA film), 1 = the patient's left. */
export type Side = 0 | 1;

/**
 * Label model, a small causal story: a latent "heart failure" makes cardiomegaly, edema and
 * effusion likely together; effusion compresses lung (atelectasis); consolidation (pneumonia)
 * is independent. Marginals: Atelectasis ≈ 0.25, Cardiomegaly ≈ 0.29, Consolidation 0.18,
 * Edema ≈ 0.22, Pleural Effusion ≈ 0.31: higher than CheXpert's so small sets have positives.
 */
export const PREVALENCE = {
  heartFailure: 0.3,
  cardiomegaly: { failure: 0.6, otherwise: 0.15 },
  edema: { failure: 0.55, otherwise: 0.08 },
  effusion: { failure: 0.55, otherwise: 0.2 },
  atelectasis: { effusion: 0.4, otherwise: 0.18 },
  consolidation: 0.18,
} as const;

/**
 * Cardiothoracic ratio ranges. Positive cases start at 0.54 and negatives stop at 0.46 so the
 * label is unambiguous at 64 px (one pixel is ~0.02 of the thorax width there).
 */
export const CTR_RANGE = { normal: [0.36, 0.46], enlarged: [0.54, 0.66] } as const;

/** Everything the renderer needs for one case. */
export interface PhantomCase {
  readonly labels: readonly TaskLabel[];
  /** Thorax centre, inner half-width (lung edge to lung edge / 2), mediastinal half-width. */
  readonly cx: number;
  readonly halfThorax: number;
  readonly mediastinum: number;
  readonly apex: number;
  /** Costophrenic level per side (the lateral lung base), before atelectatic elevation. */
  readonly diaphragm: readonly [number, number];
  readonly ctr: number;
  readonly heartY: number;
  readonly heartHalfHeight: number;
  readonly ribStart: number;
  readonly ribGap: number;
  /** Fluid depth above the costophrenic angle per side (0 = no effusion on that side). */
  readonly effusion: readonly [number, number];
  readonly consolidation: {
    readonly side: Side;
    readonly cy: number;
    readonly rx: number;
    readonly ry: number;
    readonly amp: number;
  } | null;
  readonly edemaAmp: number;
  readonly atelectasis: { readonly side: Side; readonly amp: number } | null;
  /** Unlabelled distractors: a line-like device and a small nodule. */
  readonly device: { readonly u: number; readonly bend: number } | null;
  readonly nodule: { readonly u: number; readonly v: number; readonly r: number } | null;
  readonly exposure: {
    readonly gain: number;
    readonly offset: number;
    readonly gamma: number;
    readonly noise: number;
  };
  /** Seed of the per-pixel noise. */
  readonly noiseSeed: number;
}

/**
 * @param seed dataset seed
 * @param index image index
 * @returns a 32-bit seed unique to (seed, index)
 */
export function caseSeed(seed: number, index: number): number {
  let h = Math.imul(index + 0x632be5ab, 0x9e3779b1) ^ Math.imul(seed | 0, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  return (h ^ (h >>> 15)) >>> 0;
}

/**
 * Samples case `index` of dataset `seed`.
 * @param seed dataset seed
 * @param index image index
 * @returns labels (Atelectasis, Cardiomegaly, Consolidation, Edema, Pleural Effusion) and geometry
 */
export function sampleCase(seed: number, index: number): PhantomCase {
  const rand = mulberry32(caseSeed(seed, index));
  const u = (lo: number, hi: number): number => lo + (hi - lo) * rand();
  const bern = (p: number): boolean => rand() < p;
  const failure = bern(PREVALENCE.heartFailure);
  const pick = (p: { failure: number; otherwise: number }): boolean =>
    bern(failure ? p.failure : p.otherwise);
  const cardio = pick(PREVALENCE.cardiomegaly);
  const edema = pick(PREVALENCE.edema);
  const effusion = pick(PREVALENCE.effusion);
  const p = PREVALENCE.atelectasis;
  const atel = bern(effusion ? p.effusion : p.otherwise);
  const consol = bern(PREVALENCE.consolidation);
  const ctr = cardio ? u(...CTR_RANGE.enlarged) : u(...CTR_RANGE.normal);
  const effSides = Math.floor(rand() * 3); // 0: patient right, 1: left, 2: both
  const depth = (): number => u(0.07, 0.16);
  const side = (): Side => (rand() < 0.5 ? 0 : 1);
  return {
    labels: [atel, cardio, consol, edema, effusion].map((b) => (b ? 1 : 0)),
    cx: 0.5 + u(-0.03, 0.03),
    halfThorax: u(0.32, 0.38),
    mediastinum: u(0.035, 0.05),
    apex: u(0.1, 0.16),
    diaphragm: [u(0.76, 0.82), u(0.78, 0.84)],
    ctr,
    heartY: u(0.57, 0.63),
    heartHalfHeight: u(0.11, 0.14),
    ribStart: u(0.17, 0.22),
    ribGap: u(0.065, 0.085),
    effusion: effusion ? [effSides !== 1 ? depth() : 0, effSides !== 0 ? depth() : 0] : [0, 0],
    consolidation: consol
      ? { side: side(), cy: u(0.28, 0.6), rx: u(0.07, 0.11), ry: u(0.07, 0.11), amp: u(0.18, 0.35) }
      : null,
    edemaAmp: edema ? u(0.12, 0.28) : 0,
    atelectasis: atel ? { side: side(), amp: u(0.25, 0.4) } : null,
    device: bern(0.25) ? { u: u(0.42, 0.58), bend: u(-0.1, 0.1) } : null,
    nodule: bern(0.15) ? { u: u(0.25, 0.75), v: u(0.25, 0.6), r: u(0.015, 0.03) } : null,
    exposure: {
      gain: u(0.8, 1.2),
      offset: u(-0.08, 0.08),
      gamma: u(0.8, 1.25),
      noise: u(0.02, 0.06),
    },
    noiseSeed: Math.floor(rand() * 2 ** 32),
  };
}
