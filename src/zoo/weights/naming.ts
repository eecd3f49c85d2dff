/**
 * State-dict key naming schemes of an architecture: timm's (= the zoo's layer names) and, for the
 * 15 architectures torchvision has, torchvision's. Pure: no '@tensorflow/*'.
 */
import type { ArchId } from '../catalog.ts';
import { weightRefs, type WeightRef } from '../keymap.ts';
import { truncatedNodes } from '../plan.ts';
import { getArch } from '../registry.ts';
import { TORCHVISION_STYLE, torchvisionModules } from './torchvisionNames.ts';

/** Which library's names a file uses. */
export type NamingScheme = 'timm' | 'torchvision';

/** The keys of a full ImageNet state dict (1000 classes) under one scheme. */
export interface SchemeKeys {
  readonly scheme: NamingScheme;
  /** file key -> the weight it holds (timm key and shapes in `ref`). */
  readonly float: ReadonlyMap<string, WeightRef>;
  /** file key -> the shape the file stores (differs from `ref.torchShape` only for a Linear
   *  that the zoo holds as a 1x1 conv: torchvision MobileNetV3 `classifier.0`). */
  readonly fileShape: ReadonlyMap<string, readonly number[]>;
  /** file keys of the int64 `num_batches_tracked` buffers (one per BatchNorm). */
  readonly counters: ReadonlySet<string>;
  /** timm key -> file key. */
  readonly fileKeyOf: ReadonlyMap<string, string>;
}

const cache = new Map<string, SchemeKeys | null>();

/**
 * @param archId architecture id
 * @returns the ImageNet model's weights (no truncation, 1000 classes), in node order
 */
export function fullRefs(archId: string): WeightRef[] {
  const arch = getArch(archId);
  return weightRefs(truncatedNodes(arch.plan(), 0, 1000).nodes, arch.meta.inputSize);
}

function build(archId: ArchId, scheme: NamingScheme): SchemeKeys | null {
  const style = TORCHVISION_STYLE[archId];
  if (scheme === 'torchvision' && style === null) return null;
  const modules = style === null ? null : torchvisionModules(getArch(archId).plan(), style);
  const rename = (layer: string): string => {
    if (scheme === 'timm') return layer;
    const tv = modules?.get(layer);
    if (tv === undefined) throw new Error(`${archId}: no torchvision module for ${layer}`);
    return tv;
  };
  const prelogits = getArch(archId).plan().prelogits?.name;
  const float = new Map<string, WeightRef>();
  const fileShape = new Map<string, readonly number[]>();
  const counters = new Set<string>();
  const fileKeyOf = new Map<string, string>();
  for (const ref of fullRefs(archId)) {
    const key = `${rename(ref.layer)}.${ref.timmKey.slice(ref.layer.length + 1)}`;
    float.set(key, ref);
    // torchvision's pre-logits is nn.Linear: [O, I] where timm's conv_head has [O, I, 1, 1]
    const linear = scheme === 'torchvision' && ref.layer === prelogits && ref.tfName === 'kernel';
    fileShape.set(key, linear ? ref.torchShape.slice(0, 2) : ref.torchShape);
    fileKeyOf.set(ref.timmKey, key);
    if (ref.kind === 'bn' && ref.tfName === 'gamma')
      counters.add(`${rename(ref.layer)}.num_batches_tracked`);
  }
  return { scheme, float, fileShape, counters, fileKeyOf };
}

/**
 * @param archId architecture id
 * @param scheme naming scheme
 * @returns its keys, or null when torchvision has no such architecture (InceptionV4)
 */
export function schemeKeys(archId: string, scheme: NamingScheme): SchemeKeys | null {
  const id = getArch(archId).id;
  const k = `${id}/${scheme}`;
  if (!cache.has(k)) cache.set(k, build(id, scheme));
  return cache.get(k) ?? null;
}

/**
 * Which scheme a file uses: the one that names more of its tensors. Where the two coincide
 * (ResNet, DenseNet, InceptionV3) the answer is 'timm'.
 * @param archId architecture id
 * @param keys the file's tensor names
 * @returns the best scheme and how many of the file's keys it knows
 */
export function detectScheme(
  archId: string,
  keys: Iterable<string>,
): { scheme: NamingScheme; known: number } {
  const list = [...keys];
  const score = (s: SchemeKeys | null): number =>
    s === null ? -1 : list.filter((k) => s.float.has(k) || s.counters.has(k)).length;
  const timm = score(schemeKeys(archId, 'timm'));
  const tv = score(schemeKeys(archId, 'torchvision'));
  return tv > timm ? { scheme: 'torchvision', known: tv } : { scheme: 'timm', known: timm };
}
