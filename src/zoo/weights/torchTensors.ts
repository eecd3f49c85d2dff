/**
 * Tensor values of a PyTorch checkpoint: bounds checks against the storages, dtype conversion
 * and stride handling, written straight into one packed buffer that has the structure of a
 * parsed safetensors file (I64 tensors first, then F32, each contiguous, row-major). Pure.
 *
 * A tensor is `storage[offset + sum_i index_i * stride_i]` over its shape (PyTorch's strided
 * layout, `torch/_utils.py` `_rebuild_tensor`); storages are little-endian. Everything that
 * decides the memory taken (each view within its storage, the totals within `CHECKPOINT_LIMITS`) is
 * checked from the pickle's description before any storage is read or any output allocated.
 */
import { halfToFloat, type SafetensorsEntry, type SafetensorsFile } from './safetensors.ts';
import { STORAGE_TYPES, type TensorRef, type TorchDtype } from './torchGlobals.ts';
import { torchFail } from './torchErrors.ts';
import { CHECKPOINT_LIMITS } from './torchLimits.ts';

/** Where the tensors' bytes come from: a storage's bytes by key, or undefined when absent. */
export type StorageSource = (key: string, byteLength: number) => Uint8Array | undefined;

/** The packed tensors and each one's dtype in the checkpoint. */
export interface PackedTensors {
  readonly file: SafetensorsFile;
  readonly dtypes: ReadonlyMap<string, TorchDtype>;
}

interface Plan {
  readonly name: string;
  readonly t: TensorRef;
  readonly dtype: TorchDtype;
  readonly size: number;
  readonly numel: number;
}

const numelOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const outBytes = (p: Plan): number => p.numel * (p.dtype === 'int64' ? 8 : 4);

/** Checks dtype, strides, bounds and size from the description alone; reads nothing. */
function planTensor(name: string, t: TensorRef): Plan {
  const type = STORAGE_TYPES[t.storage.typeName];
  if (type === undefined || type.dtype === null)
    return torchFail(
      'UNSUPPORTED_DTYPE',
      `"${name}" is a ${t.storage.typeName} tensor; only float32, float16, bfloat16, float64 and int64 are read`,
    );
  const { rootNumel, viewOffset, numel: viewNumel } = t.storage;
  const numel = numelOf(t.shape);
  if (t.stride.some((s) => s < 0)) torchFail('OUT_OF_BOUNDS', `"${name}" has a negative stride`);
  const last =
    numel === 0 ? -1 : t.offset + t.shape.reduce((a, d, i) => a + (d - 1) * (t.stride[i] ?? 0), 0);
  if (viewOffset + viewNumel > rootNumel || last >= viewNumel)
    torchFail(
      'OUT_OF_BOUNDS',
      `"${name}" [${t.shape.join(', ')}] reaches element ${last} of a ${viewNumel}-element storage`,
    );
  // a stride-0 or overlapping view repeats its storage's values: materialising it could take
  // any amount of memory from a few bytes of file, so no view may outgrow its storage
  if (numel > viewNumel)
    torchFail(
      'BROADCAST_VIEW',
      `"${name}" [${t.shape.join(', ')}] strides [${t.stride.join(', ')}] has ${numel} elements, its storage ${viewNumel}`,
    );
  return { name, t, dtype: type.dtype, size: type.size, numel };
}

/** The totals, against `CHECKPOINT_LIMITS`, before anything is allocated. */
function checkTotals(plans: readonly Plan[]): number {
  const storages = new Map(plans.map((p) => [p.t.storage.key, p.t.storage.rootNumel]));
  const stored = [...storages.values()].reduce((a, n) => a + n, 0);
  const viewed = plans.reduce((a, p) => a + p.numel, 0);
  if (viewed > CHECKPOINT_LIMITS.maxViewsPerStorage.value * stored)
    torchFail(
      'TOO_LARGE',
      `its tensors have ${viewed} elements in all, ${(viewed / stored).toFixed(1)} times the ${stored} of the storages they view (at most ${CHECKPOINT_LIMITS.maxViewsPerStorage.value})`,
    );
  const total = plans.reduce((a, p) => a + outBytes(p), 0);
  if (total > CHECKPOINT_LIMITS.maxTensorBytes.value)
    torchFail(
      'TOO_LARGE',
      `its tensors take ${total} bytes as float32, more than the ${CHECKPOINT_LIMITS.maxTensorBytes.value} read`,
    );
  return total;
}

/** Each storage's bytes, fetched once, checked to hold what the tensors say it holds. */
function fetchStorages(plans: readonly Plan[], source: StorageSource): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const p of plans) {
    const { key, rootNumel } = p.t.storage;
    if (out.has(key)) continue;
    const want = rootNumel * p.size;
    const bytes = source(key, want);
    if (bytes === undefined)
      return torchFail(
        'MISSING_STORAGE',
        `"${p.name}" refers to storage ${key}, which the file lacks`,
      );
    if (bytes.byteLength < want)
      torchFail('TRUNCATED', `storage ${key} holds ${bytes.byteLength} bytes, ${want} expected`);
    out.set(key, bytes);
  }
  return out;
}

const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

/** Reader of element i (in elements from the start of `bytes`) as a number. */
function floatReader(dtype: TorchDtype, view: DataView): (i: number) => number {
  switch (dtype) {
    case 'float32':
      return (i) => view.getFloat32(4 * i, true);
    case 'float64':
      return (i) => view.getFloat64(8 * i, true); // rounds to the nearest float32 on store
    case 'float16':
      return (i) => halfToFloat(view.getUint16(2 * i, true));
    case 'bfloat16':
      return (i) => {
        // bfloat16 is the top half of a float32
        scratchBits[0] = view.getUint16(2 * i, true) << 16;
        return scratch[0] ?? 0;
      };
    case 'int64':
      return () => torchFail('UNSUPPORTED_DTYPE', 'int64 read as float');
  }
}

/** Source element index of every output element, in row-major order. */
function forEachSource(
  t: TensorRef,
  numel: number,
  visit: (out: number, src: number) => void,
): void {
  const { shape, stride } = t;
  const rank = shape.length;
  let contiguous = true;
  for (let d = rank - 1, expect = 1; d >= 0; d--) {
    if ((shape[d] ?? 1) !== 1 && stride[d] !== expect) contiguous = false;
    expect *= shape[d] ?? 1;
  }
  const base = t.storage.viewOffset + t.offset;
  if (contiguous) {
    for (let i = 0; i < numel; i++) visit(i, base + i);
    return;
  }
  const idx = new Array<number>(rank).fill(0);
  let src = base;
  for (let i = 0; i < numel; i++) {
    visit(i, src);
    for (let d = rank - 1; d >= 0; d--) {
      const s = stride[d] ?? 0;
      idx[d] = (idx[d] ?? 0) + 1;
      src += s;
      if ((idx[d] ?? 0) < (shape[d] ?? 1)) break;
      src -= s * (shape[d] ?? 1);
      idx[d] = 0;
    }
  }
}

function fill(p: Plan, storage: Uint8Array, out: ArrayBuffer, byteOffset: number): void {
  const view = new DataView(storage.buffer, storage.byteOffset, storage.byteLength);
  if (p.dtype === 'int64') {
    const dst = new BigInt64Array(out, byteOffset, p.numel);
    forEachSource(p.t, p.numel, (o, s) => (dst[o] = view.getBigInt64(8 * s, true)));
    return;
  }
  const dst = new Float32Array(out, byteOffset, p.numel);
  const read = floatReader(p.dtype, view);
  forEachSource(p.t, p.numel, (o, s) => (dst[o] = read(s)));
}

/**
 * Validates every tensor and the totals from the pickle's description alone, then fetches each
 * storage once, then copies every tensor into one buffer (F32, or I64 for int64).
 * @param tensors state-dict keys and tensor references, in order
 * @param source the storages' bytes by key (read or inflated only when asked for)
 * @returns a parsed-safetensors view over the packed values, and the original dtypes
 * @throws TorchCheckpointError UNSUPPORTED_DTYPE, OUT_OF_BOUNDS, BROADCAST_VIEW, TOO_LARGE,
 *   MISSING_STORAGE, TRUNCATED (and what `source` throws)
 */
export function packTensors(
  tensors: readonly (readonly [string, TensorRef])[],
  source: StorageSource,
): PackedTensors {
  const plans = tensors.map(([name, t]) => planTensor(name, t));
  const total = checkTotals(plans);
  const storages = fetchStorages(plans, source);
  // int64 first keeps every tensor aligned to its element size, as the safetensors writer does
  const ordered = [
    ...plans.filter((p) => p.dtype === 'int64'),
    ...plans.filter((p) => p.dtype !== 'int64'),
  ];
  const buffer = new ArrayBuffer(total);
  const entries = new Map<string, SafetensorsEntry>();
  let at = 0;
  for (const p of ordered) {
    const byteLength = outBytes(p);
    fill(p, storages.get(p.t.storage.key) as Uint8Array, buffer, at);
    const dtype = p.dtype === 'int64' ? 'I64' : 'F32';
    entries.set(p.name, { name: p.name, dtype, shape: p.t.shape, byteOffset: at, byteLength });
    at += byteLength;
  }
  // keep the checkpoint's key order
  const tensorsInOrder = new Map(
    plans.map((p) => [p.name, entries.get(p.name) as SafetensorsEntry]),
  );
  return {
    file: {
      bytes: new Uint8Array(buffer),
      headerLength: 0,
      tensors: tensorsInOrder,
      metadata: null,
    },
    dtypes: new Map(plans.map((p) => [p.name, p.dtype])),
  };
}
