/**
 * A sanity check on each model's outputs over the images read so far, rerun after each image: a
 * model whose every output sits within 1e-3 of 0 or 1 on two or more images, or that gives
 * identical outputs for different images, is degenerate (random or broken weights, or a wrong
 * input scale). Real chest-X-ray models give graded values that differ between patients. Pure.
 */
import type { FilePrediction, ModelPrediction } from '../../worker/protocol.ts';

/** How close to 0 or 1 counts as saturated. */
export const SATURATION_TOLERANCE = 1e-3;
/** On how many images a model must saturate before it is flagged. */
export const SATURATED_IMAGES = 2;

/** The warning shown beside a flagged model's bars. */
export const SATURATED_WARNING =
  "This model's outputs look saturated; its weights may be random or broken.";

/** @returns the probabilities of the outputs the model was trained for (all when none is named) */
function trainedValues(p: ModelPrediction): number[] {
  const named = p.probabilities.filter((_, k) => (p.outputs[k] ?? '') !== '');
  return named.length > 0 ? named : [...p.probabilities];
}

const saturated = (values: readonly number[]): boolean =>
  values.length > 0 &&
  values.every((v) => v <= SATURATION_TOLERANCE || v >= 1 - SATURATION_TOLERANCE);

const fingerprints = new WeakMap<Uint8ClampedArray, string>();

/** @returns a cheap fingerprint of the image's pixels (FNV-1a over the thumbnail), cached */
function imageKey(result: FilePrediction): string {
  const data = result.thumbnail?.data;
  if (data === undefined) return `name:${result.name}`;
  const hit = fingerprints.get(data);
  if (hit !== undefined) return hit;
  let h = 0x811c9dc5;
  for (let i = 0; i < data.length; i++) h = Math.imul(h ^ (data[i] ?? 0), 0x01000193) >>> 0;
  const key = `${data.length}:${h.toString(16)}`;
  fingerprints.set(data, key);
  return key;
}

interface Tally {
  saturatedOn: string[];
  /** output signature -> image fingerprint -> file name */
  bySignature: Map<string, Map<string, string>>;
}

function tallyOf(tallies: Map<string, Tally>, id: string): Tally {
  let t = tallies.get(id);
  if (t === undefined) {
    t = { saturatedOn: [], bySignature: new Map() };
    tallies.set(id, t);
  }
  return t;
}

/** @returns the reason a model is degenerate, or null */
function reasonOf(t: Tally): string | null {
  if (t.saturatedOn.length >= SATURATED_IMAGES)
    return `every output within ${SATURATION_TOLERANCE} of 0 or 1 on ${t.saturatedOn.length} images`;
  for (const images of t.bySignature.values())
    if (images.size >= 2)
      return `identical outputs for different images (${[...images.values()].slice(0, 3).join(', ')})`;
  return null;
}

/**
 * @param results the decoded images' results, in queue order
 * @returns model id -> why its outputs look degenerate (only flagged models)
 */
export function degenerateModels(results: readonly FilePrediction[]): ReadonlyMap<string, string> {
  const tallies = new Map<string, Tally>();
  for (const r of results) {
    if (r.status !== 'ok') continue;
    const image = imageKey(r);
    for (const p of r.predictions) {
      const t = tallyOf(tallies, p.modelId);
      if (saturated(trainedValues(p))) t.saturatedOn.push(r.name);
      const signature = p.probabilities.join(',');
      const images = t.bySignature.get(signature) ?? new Map<string, string>();
      images.set(image, r.name);
      t.bySignature.set(signature, images);
    }
  }
  const out = new Map<string, string>();
  for (const [id, t] of tallies) {
    const reason = reasonOf(t);
    if (reason !== null) out.set(id, reason);
  }
  return out;
}
