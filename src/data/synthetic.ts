/**
 * SYNTHETIC chest-radiograph phantoms: a procedurally drawn PA film (body, lungs with ribs, heart,
 * mediastinum, diaphragm) with the five CheXpert findings drawn from the case's labels:
 * - Cardiomegaly: the heart's width / the thorax's inner width (cardiothoracic ratio) > 0.5;
 * - Pleural Effusion: fluid (soft-tissue density) filling the costophrenic angle up to a level
 *   with a lateral meniscus, blunting the angle;
 * - Consolidation: a lobar, mottled opacity inside one lung;
 * - Edema: bilateral perihilar haze fading outwards (the "bat-wing");
 * - Atelectasis: a dense medial-basal wedge with volume loss (hemidiaphragm raised, mediastinum
 *   and fissure shifted towards the collapsed side).
 * Ribs, exposure (gain, offset, gamma), noise and unlabelled distractors (a line, a nodule) keep
 * it from being trivial. Pure TS; thousands of 64 px images per second. Not medical images.
 */
import { mulberry32 } from '../study/stats/prng.ts';
import type { TaskLabel } from './labelTypes.ts';
import { sampleCase, type PhantomCase, type Side } from './phantomCase.ts';

/** Grey levels before exposure: air, soft tissue, aerated lung, heart, abdomen, fluid. */
export const DENSITY = {
  air: 0.05,
  soft: 0.4,
  lung: 0.15,
  heart: 0.62,
  abdomen: 0.55,
  fluid: 0.55,
  rib: 0.07,
  device: 0.85,
} as const;

/** Masks of what was drawn, one byte per pixel (1 = drawn), for tests and overlays. */
export interface PhantomMasks {
  readonly thorax: Uint8Array;
  readonly heart: Uint8Array;
  readonly fluid: Uint8Array;
  readonly consolidation: Uint8Array;
  readonly edema: Uint8Array;
  readonly atelectasis: Uint8Array;
}

/** One synthetic image with its labels. */
export interface SyntheticSample {
  readonly source: 'synthetic';
  /** Grey values in [0, 1], row-major, `size × size`. */
  readonly image: Float32Array;
  readonly size: number;
  readonly labels: readonly TaskLabel[];
  readonly phantom: PhantomCase;
  readonly masks?: PhantomMasks;
}

/** Rendering options. */
export interface RenderOptions {
  /** Also return masks of what was drawn. */
  readonly withMasks?: boolean;
  /** No noise, exposure change or distractors (same geometry): for measuring in tests. */
  readonly clean?: boolean;
}

interface Lung {
  readonly inner: number;
  readonly outer: number;
  readonly centre: number;
  readonly halfWidth: number;
  readonly base: number;
}

/** Lung outlines after atelectatic volume loss (the collapsed side's base rises by 0.04). */
function lungs(c: PhantomCase, shift: number): [Lung, Lung] {
  const make = (s: Side): Lung => {
    const dir = s === 0 ? -1 : 1;
    const inner = c.cx + shift + dir * c.mediastinum;
    const outer = c.cx + dir * c.halfThorax;
    const raised = c.atelectasis?.side === s ? 0.04 : 0;
    return {
      inner,
      outer,
      centre: (inner + outer) / 2,
      halfWidth: Math.abs(outer - inner) / 2,
      base: (c.diaphragm[s] ?? 0.8) - raised,
    };
  };
  return [make(0), make(1)];
}

/** Lung-space findings at one pixel; returns the new grey value and marks the masks. */
function findings(
  c: PhantomCase,
  s: Side,
  lung: Lung,
  u: number,
  v: number,
  g0: number,
  mark: (k: keyof PhantomMasks) => void,
): number {
  let g = g0;
  const lateral = Math.max(0, ((u - lung.centre) / lung.halfWidth) * (s === 0 ? -1 : 1));
  const depth = c.effusion[s] ?? 0;
  // The meniscus climbs laterally (0.04 at the chest wall), the classic fluid-level shape.
  if (depth > 0 && v >= lung.base - depth - 0.04 * lateral) {
    mark('fluid');
    return DENSITY.fluid + 0.02 * (g - DENSITY.lung);
  }
  const k = c.consolidation;
  if (k !== null && k.side === s) {
    const d = ((u - lung.centre) / k.rx) ** 2 + ((v - k.cy) / k.ry) ** 2;
    if (d <= 1) {
      mark('consolidation');
      g += k.amp * (0.75 + 0.25 * Math.sin(u * 173) * Math.cos(v * 137));
    }
  }
  if (c.edemaAmp > 0) {
    const hx = lung.inner + (s === 0 ? -0.03 : 0.03);
    const haze = c.edemaAmp * Math.exp(-((u - hx) ** 2 + (v - 0.47) ** 2) / (2 * 0.11 ** 2));
    if (haze > 0.03) mark('edema');
    g += haze;
  }
  const a = c.atelectasis;
  if (a !== null && a.side === s) {
    const w = wedge(lung, u, v);
    if (w === 'in') {
      mark('atelectasis');
      g += a.amp;
    } else if (w === 'fissure') g += 0.12; // the displaced fissure
  }
  return g;
}

/**
 * The collapsed lower lobe: a triangle with its apex at the hilum (v = 0.45) widening to 0.6 of
 * the lung's half-width at the base, against the mediastinum; its lateral edge is the fissure.
 */
function wedge(lung: Lung, u: number, v: number): 'in' | 'fissure' | 'out' {
  const t = (v - 0.45) / (lung.base - 0.45);
  if (t < 0 || t > 1) return 'out';
  const medial = (u - lung.inner) * Math.sign(lung.outer - lung.inner);
  const edge = t * 0.6 * lung.halfWidth;
  if (medial > -0.12 && medial <= edge) return 'in';
  return medial - edge < 0.01 && medial > 0 ? 'fissure' : 'out';
}

function ribs(c: PhantomCase, u: number, v: number): number {
  const r = (u - c.cx) / c.halfThorax;
  for (let k = 0; k < 9; k++) {
    const y = c.ribStart + k * c.ribGap + 0.05 * r * r;
    if (Math.abs(v - y) < 0.011) return DENSITY.rib;
  }
  return 0;
}

/** Grey value before exposure at one pixel. */
function pixel(
  c: PhantomCase,
  ls: [Lung, Lung],
  shift: number,
  u: number,
  v: number,
  mark: (k: keyof PhantomMasks) => void,
): number {
  const inBody = ((u - c.cx) / (c.halfThorax + 0.1)) ** 2 + ((v - 0.55) / 0.6) ** 2 <= 1;
  let g: number = inBody ? DENSITY.soft : DENSITY.air;
  const hx = c.cx + shift + 0.03; // the heart projects to the patient's left (image right)
  const hw = c.ctr * c.halfThorax;
  const inHeart = ((u - hx) / hw) ** 2 + ((v - c.heartY) / c.heartHalfHeight) ** 2 <= 1;
  const inMediastinum = Math.abs(u - c.cx - shift) <= c.mediastinum && v >= 0.05 && v <= c.heartY;
  if (inHeart || inMediastinum) {
    mark('thorax');
    if (inHeart) mark('heart');
    // A left lower lobe collapse lies behind the heart: its density adds to the heart's.
    const a = c.atelectasis;
    if (inHeart && a !== null && wedge(ls[a.side], u, v) === 'in') {
      mark('atelectasis');
      return DENSITY.heart + a.amp / 2;
    }
    return DENSITY.heart;
  }
  for (const s of [0, 1] as const) {
    const lung = ls[s];
    const r = (u - lung.centre) / lung.halfWidth;
    if (Math.abs(r) > 1) continue;
    if (v > lung.base - 0.07 * (1 - r * r)) return inBody ? DENSITY.abdomen : g; // below the dome
    if (v < c.apex + 0.08 * r * r) continue;
    mark('thorax');
    g = DENSITY.lung + ribs(c, u, v);
    return findings(c, s, lung, u, v, g, mark);
  }
  return g;
}

function distractors(c: PhantomCase, u: number, v: number, g: number): number {
  const d = c.device;
  if (d !== null && v < 0.55 && Math.abs(u - d.u - d.bend * (v - 0.1) ** 2) < 0.006)
    return DENSITY.device;
  const n = c.nodule;
  if (n !== null && (u - n.u) ** 2 + (v - n.v) ** 2 <= n.r * n.r) return g + 0.25;
  return g;
}

/**
 * Draws a case.
 * @param c the case (from `sampleCase`)
 * @param size image side in pixels
 * @param options masks, clean rendering
 * @returns grey image in [0, 1] and, when asked, masks
 */
export function renderPhantom(
  c: PhantomCase,
  size: number,
  options: RenderOptions = {},
): { image: Float32Array; masks?: PhantomMasks } {
  const n = size * size;
  const masks = options.withMasks ? emptyMasks(n) : undefined;
  const image = new Float32Array(n);
  const shift = c.atelectasis === null ? 0 : c.atelectasis.side === 0 ? -0.02 : 0.02;
  const ls = lungs(c, shift);
  const { gain, offset, gamma, noise } = c.exposure;
  const curve = exposureCurve(gain, gamma);
  let state = c.noiseSeed | 1;
  let i = 0;
  const mark = masks ? (k: keyof PhantomMasks): void => void (masks[k][i] = 1) : (): void => {};
  for (let y = 0; y < size; y++) {
    const v = (y + 0.5) / size;
    for (let x = 0; x < size; x++, i++) {
      const u = (x + 0.5) / size;
      let g = pixel(c, ls, shift, u, v, mark);
      if (!options.clean) {
        g = distractors(c, u, v, g);
        // xorshift32 into a fixed table of normals: a per-pixel Box–Muller (log, sqrt, cos)
        // took two thirds of the time, and the noise needs no more than 4096 distinct values.
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        const t = g <= 0 ? 0 : g >= 1 ? CURVE_STEPS : Math.round(g * CURVE_STEPS);
        g = (curve[t] ?? 0) + offset + noise * (NORMALS[state & (NORMALS.length - 1)] ?? 0);
      }
      image[i] = g < 0 ? 0 : g > 1 ? 1 : g;
    }
  }
  return masks ? { image, masks } : { image };
}

const CURVE_STEPS = 1024;

/** Standard normal deviates (seeded Box–Muller), shared by every image's noise. */
const NORMALS: Float32Array = (() => {
  const rand = mulberry32(0x5eed);
  const out = new Float32Array(4096);
  for (let k = 0; k < out.length; k++)
    out[k] = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  return out;
})();

/** gain · g^gamma tabulated on [0, 1] (grey values before exposure never exceed ~1.2; clamped). */
function exposureCurve(gain: number, gamma: number): Float32Array {
  const curve = new Float32Array(CURVE_STEPS + 1);
  for (let k = 0; k <= CURVE_STEPS; k++) curve[k] = gain * Math.pow(k / CURVE_STEPS, gamma);
  return curve;
}

function emptyMasks(n: number): PhantomMasks {
  const m = (): Uint8Array => new Uint8Array(n);
  return { thorax: m(), heart: m(), fluid: m(), consolidation: m(), edema: m(), atelectasis: m() };
}

/**
 * Sample `index` of the synthetic set `seed` (deterministic).
 * @param seed dataset seed
 * @param index image index (any non-negative integer)
 * @param size image side in pixels
 * @param options masks, clean rendering
 * @returns the image, its labels and the drawn geometry, marked `source: 'synthetic'`
 */
export function syntheticSample(
  seed: number,
  index: number,
  size: number,
  options: RenderOptions = {},
): SyntheticSample {
  const phantom = sampleCase(seed, index);
  const { image, masks } = renderPhantom(phantom, size, options);
  const base = { source: 'synthetic' as const, image, size, labels: phantom.labels, phantom };
  return masks ? { ...base, masks } : base;
}
