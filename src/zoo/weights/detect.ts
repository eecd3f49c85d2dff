/**
 * Which network a checkpoint holds, from its tensor names and shapes alone: architecture, naming
 * scheme, input channels (the stem conv's second dimension) and outputs (the classifier's first),
 * so a dropped file needs no `--arch`. Then which published chest-X-ray model it can be. Pure.
 */
import { chestModelFileName, CHEST_MODELS, type ChestModelMeta } from '../chestCatalog.ts';
import { weightRefs } from '../keymap.ts';
import { truncatedNodes } from '../plan.ts';
import { getArch, listArchs } from '../registry.ts';
import { fullRefs, schemeKeys, type NamingScheme, type SchemeKeys } from './naming.ts';
import type { SafetensorsEntry } from './safetensors.ts';
import { modernDensenetKey } from './torchvisionNames.ts';

/** The network a file holds. */
export interface DetectedModel {
  readonly arch: string;
  readonly scheme: NamingScheme;
  readonly inChannels: number;
  readonly numClasses: number;
  /** Tensors of that network the file has with the right shape, of `expected`. */
  readonly matched: number;
  readonly expected: number;
  /** File keys that are no tensor of the network (BN counters excluded). */
  readonly extras: readonly string[];
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);

function candidate(
  arch: string,
  names: SchemeKeys,
  scheme: NamingScheme,
  entries: ReadonlyMap<string, SafetensorsEntry>,
): DetectedModel | null {
  const plan = getArch(arch).plan();
  const stem = fullRefs(arch)[0];
  const stemShape = stem && entries.get(names.fileKeyOf.get(stem.timmKey) ?? '')?.shape;
  if (stemShape === undefined || stemShape.length !== 4) return null;
  const head = entries.get(names.fileKeyOf.get(`${plan.classifier}.weight`) ?? '')?.shape;
  const numClasses = head?.[0] ?? 1000;
  const inChannels = stemShape[1] ?? 3;
  // a 0-output head or 0-channel stem builds no model: compare against 1, report the truth
  // (loadCheckpoint refuses it by name)
  const nodes = truncatedNodes(plan, 0, Math.max(numClasses, 1)).nodes;
  const refs = weightRefs(nodes, 224, Math.max(inChannels, 1));
  let matched = 0;
  for (const ref of refs) {
    const key = names.fileKeyOf.get(ref.timmKey) ?? ref.timmKey;
    const got = entries.get(key)?.shape;
    const special = names.fileShape.get(key);
    const schemeShape = names.float.get(key)?.torchShape;
    const relaid =
      special && schemeShape && !sameShape(special, schemeShape) && ref.layer !== plan.classifier;
    if (got !== undefined && sameShape(got, relaid ? special : ref.torchShape)) matched++;
  }
  const extras = [...entries.keys()].filter((k) => !names.float.has(k) && !names.counters.has(k));
  return { arch, scheme, inChannels, numClasses, matched, expected: refs.length, extras };
}

/**
 * @param tensors a file's tensors (safetensors entries, or a PyTorch checkpoint's packed ones)
 * @returns the network that explains most of them (ties: catalog order), or null when no
 *   architecture's stem conv is there at all
 */
export function detectModel(tensors: ReadonlyMap<string, SafetensorsEntry>): DetectedModel | null {
  const entries = new Map([...tensors].map(([k, e]) => [modernDensenetKey(k), e]));
  let best: DetectedModel | null = null;
  for (const arch of listArchs())
    for (const scheme of ['timm', 'torchvision'] as const) {
      const names = schemeKeys(arch, scheme);
      const c = names === null ? null : candidate(arch, names, scheme, entries);
      const score = (d: DetectedModel): number => d.matched - d.extras.length / 1e6;
      if (c !== null && (best === null || score(c) > score(best))) best = c;
    }
  return best;
}

/**
 * @param d a detected network
 * @returns whether every tensor of it is in the file with the right shape
 */
export function isComplete(d: DetectedModel): boolean {
  return d.matched === d.expected;
}

/**
 * The published chest-X-ray models a detected network can be: same architecture, input channels
 * and outputs. The DenseNets all share one shape, so a file name (when it is the published one)
 * or the person's choice tells them apart.
 * @param d a detected network
 * @param fileName the file's name, if known
 * @returns the candidates, the one whose published file name matches first
 */
export function chestCandidates(d: DetectedModel, fileName?: string): ChestModelMeta[] {
  const fits = CHEST_MODELS.filter(
    (m) =>
      m.arch === d.arch && m.inChannels === d.inChannels && m.outputs.value.length === d.numClasses,
  );
  const named = fits.find((m) => fileName !== undefined && chestModelFileName(m) === fileName);
  return named === undefined ? fits : [named, ...fits.filter((m) => m !== named)];
}
