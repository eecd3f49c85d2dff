/**
 * Deterministic synthetic state dicts, bit-identical to scripts/fixtures/torch_parity.py (see its
 * docstring for the generator). Used by the parity tests and the load benchmark; no real weights
 * ship with the app. Pure: no '@tensorflow/*'.
 *
 * Every step is exact in both languages: 32-bit integer hashing (Math.imul / `>>> 0` here, masked
 * uint64 in NumPy), one division by 2^32, one correctly rounded sqrt, then float64 -> float32
 * rounding (round-to-nearest-even in Float32Array and in NumPy's astype). No transcendental
 * functions, whose last ulp differs between V8 and libm.
 */
import { fullRefs, schemeKeys, type NamingScheme } from './naming.ts';
import type { TensorToWrite } from './safetensors.ts';

/**
 * @param s a string (hashed as UTF-8)
 * @returns its 32-bit FNV-1a hash
 */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(s)) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h;
}

/**
 * @param key seed string
 * @param n how many values
 * @returns u_0..u_{n-1} in [0, 1): murmur3 finaliser of (i * 2654435761 + fnv1a(key)) mod 2^32
 */
export function uniform(key: string, n: number): Float64Array {
  const seed = fnv1a(key);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let x = (Math.imul(i, 0x9e3779b1) + seed) >>> 0;
    x = (x ^ (x >>> 16)) >>> 0;
    x = Math.imul(x, 0x45d9f3b) >>> 0;
    x = (x ^ (x >>> 16)) >>> 0;
    out[i] = x / 2 ** 32;
  }
  return out;
}

/**
 * The synthetic value of one state-dict tensor.
 * @param key the key that seeds it (torchvision's where torchvision has the model)
 * @param shape its PyTorch shape
 * @returns He-uniform weights for >= 2 dims, 0.5 + u for BN weight / running_var (positive),
 *   (u - 0.5) / 5 for every other vector
 */
export function syntheticValues(key: string, shape: readonly number[]): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const u = uniform(key, n);
  const param = key.slice(key.lastIndexOf('.') + 1);
  const out = new Float32Array(n);
  if (shape.length >= 2) {
    const limit = Math.sqrt(6 / (n / (shape[0] ?? 1)));
    for (let i = 0; i < n; i++) out[i] = ((u[i] ?? 0) * 2 - 1) * limit;
  } else if (param === 'weight' || param === 'running_var') {
    for (let i = 0; i < n; i++) out[i] = 0.5 + (u[i] ?? 0);
  } else {
    for (let i = 0; i < n; i++) out[i] = ((u[i] ?? 0) - 0.5) * 0.2;
  }
  return out;
}

/**
 * The fixed NCHW input of the parity fixtures.
 * @param size square side in pixels
 * @returns 3 x size x size values 2u - 1 seeded by 'input'
 */
export function syntheticInput(size: number): Float32Array {
  return Float32Array.from(uniform('input', 3 * size * size), (u) => u * 2 - 1);
}

/**
 * A full ImageNet state dict (1000 classes, every BN counter) of synthetic values.
 * @param archId architecture id
 * @param scheme names (and shapes) of the written keys
 * @returns tensors to pass to `writeSafetensors`; values are seeded by torchvision's key where
 *   torchvision has the architecture, else by timm's, so both namings carry the same numbers
 */
export function syntheticStateDict(archId: string, scheme: NamingScheme): TensorToWrite[] {
  const names = schemeKeys(archId, scheme);
  if (names === null) throw new Error(`${archId} has no ${scheme} names`);
  const seeds = schemeKeys(archId, 'torchvision') ?? names;
  const out: TensorToWrite[] = [];
  for (const ref of fullRefs(archId)) {
    const key = names.fileKeyOf.get(ref.timmKey) ?? ref.timmKey;
    const shape = names.fileShape.get(key) ?? ref.torchShape;
    const data = syntheticValues(seeds.fileKeyOf.get(ref.timmKey) ?? key, shape);
    out.push({ name: key, shape, data });
  }
  for (const key of names.counters)
    out.push({ name: key, shape: [], data: new BigInt64Array([12345n]) });
  return out;
}
