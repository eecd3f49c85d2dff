/**
 * safetensors reader and writer, pure (ArrayBuffer in, typed arrays out; no tf, no DOM).
 *
 * Spec: huggingface/safetensors README "Format" and `safetensors/src/tensor.rs`
 * (https://github.com/huggingface/safetensors):
 * 1. bytes 0-7: N, little-endian u64, the header length; the reference reader rejects
 *    N > 100,000,000 (`MAX_HEADER_SIZE`);
 * 2. bytes 8..8+N: a UTF-8 JSON object (must start with `{`, may be right-padded with spaces):
 *    `name -> {dtype, shape, data_offsets: [begin, end)}` plus an optional `__metadata__`
 *    string map; offsets are relative to the byte buffer that follows the header;
 * 3. the byte buffer: little-endian, row-major; `tensor.rs::validate` requires the tensors,
 *    sorted by offset, to tile it exactly (first begin 0, each begin = previous end, last end =
 *    buffer length) and `end - begin = product(shape) x dtype size`.
 */

import type { ReaderLimits } from '../../refusal/readerLimits.ts';
import { SafetensorsError, type SafetensorsErrorCode } from './safetensorsErrors.ts';
import { CHECKPOINT_LIMITS } from './torchLimits.ts';

/** Header length limit of the reference reader (`tensor.rs` MAX_HEADER_SIZE). */
export const MAX_HEADER_SIZE = 100_000_000;

/**
 * What a safetensors file may cost. The format bounds the rest itself, and `parseSafetensors`
 * checks it before any tensor is read: the tensors must tile the data exactly (no overlap, no
 * hole, nothing past the end), so every tensor's bytes are in the file once and the values read
 * are never more than the file (F32 is read in place, other dtypes become at most 2x the file);
 * the header is parsed once by JSON.parse, in linear time.
 */
export const SAFETENSORS_LIMITS = {
  maxHeaderBytes: {
    value: MAX_HEADER_SIZE,
    unit: 'bytes of the JSON header',
    why: "the reference reader's own limit (tensor.rs MAX_HEADER_SIZE), so every file it reads is read here; a timm state dict's header is under 100 kB, and it is parsed once by JSON.parse, in linear time (past it: HEADER_TOO_LARGE)",
  },
  maxFileBytes: {
    value: CHECKPOINT_LIMITS.maxFileBytes.value,
    unit: 'bytes per weights file',
    why: 'the same limit as every weights file (CHECKPOINT_LIMITS.maxFileBytes, weightsFile.ts), checked before the file is read: the values read are never more than twice the file, so the file bounds the memory (past it: FILE_TOO_LARGE)',
  },
} as const satisfies ReaderLimits;

/** Bytes per element of every dtype the format defines; only some are readable as numbers. */
const DTYPE_SIZE = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  F64: 8,
  I64: 8,
  U64: 8,
} as const;

/** A dtype name of the format. */
export type SafetensorsDtype = keyof typeof DTYPE_SIZE;

/** Dtypes converted to float32 by `readFloat32`. */
export const FLOAT_DTYPES: readonly SafetensorsDtype[] = ['F32', 'F16', 'BF16', 'F64'];

export { SafetensorsError, type SafetensorsErrorCode } from './safetensorsErrors.ts';

/** One header entry; offsets are absolute within `SafetensorsFile.bytes`. */
export interface SafetensorsEntry {
  readonly name: string;
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  readonly byteOffset: number;
  readonly byteLength: number;
}

/** A parsed file: the validated header over the original bytes (nothing copied). */
export interface SafetensorsFile {
  readonly bytes: Uint8Array;
  /** Header length N (the JSON, padding included). */
  readonly headerLength: number;
  /** Entries in header (file) order. */
  readonly tensors: ReadonlyMap<string, SafetensorsEntry>;
  readonly metadata: Readonly<Record<string, string>> | null;
}

function fail(code: SafetensorsErrorCode, message: string): never {
  throw new SafetensorsError(code, message);
}

const isDtype = (d: unknown): d is SafetensorsDtype =>
  typeof d === 'string' && Object.hasOwn(DTYPE_SIZE, d);

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

function parseEntry(name: string, raw: unknown, base: number): SafetensorsEntry {
  if (typeof raw !== 'object' || raw === null)
    return fail('BAD_HEADER', `entry "${name}" is not an object`);
  const { dtype, shape, data_offsets: off } = raw as Record<string, unknown>;
  if (!isDtype(dtype))
    return fail('BAD_DTYPE', `"${name}": unknown dtype ${JSON.stringify(dtype)}`);
  if (!Array.isArray(shape) || !shape.every(isCount))
    return fail('BAD_SHAPE', `"${name}": shape must be a list of non-negative integers`);
  const [begin, end] = Array.isArray(off) && off.length === 2 ? (off as unknown[]) : [];
  if (!isCount(begin) || !isCount(end) || begin > end)
    return fail('BAD_OFFSETS', `"${name}": data_offsets must be [begin, end] with begin <= end`);
  const elements = (shape as number[]).reduce((a, b) => a * b, 1);
  if (elements * DTYPE_SIZE[dtype] !== end - begin)
    return fail(
      'SIZE_MISMATCH',
      `"${name}": ${dtype}[${shape.join(', ')}] needs ${elements * DTYPE_SIZE[dtype]} bytes, offsets give ${end - begin}`,
    );
  return {
    name,
    dtype,
    shape: shape as number[],
    byteOffset: base + begin,
    byteLength: end - begin,
  };
}

function readHeaderLength(bytes: Uint8Array): number {
  if (bytes.byteLength < 8)
    fail('TRUNCATED', `file has ${bytes.byteLength} bytes, fewer than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, 8);
  const lo = view.getUint32(0, true);
  const hi = view.getUint32(4, true);
  const n = hi * 2 ** 32 + lo;
  if (n > SAFETENSORS_LIMITS.maxHeaderBytes.value)
    fail(
      'HEADER_TOO_LARGE',
      `header length ${n} exceeds ${SAFETENSORS_LIMITS.maxHeaderBytes.value}`,
    );
  if (8 + n > bytes.byteLength)
    fail('TRUNCATED', `header of ${n} bytes does not fit in a ${bytes.byteLength}-byte file`);
  return n;
}

function parseJson(bytes: Uint8Array, n: number): Record<string, unknown> {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(8, 8 + n));
  if (!text.startsWith('{')) fail('BAD_HEADER', 'header JSON must start with "{"');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return fail('BAD_HEADER', `header is not valid JSON (${(e as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    fail('BAD_HEADER', 'header must be a JSON object');
  return json as Record<string, unknown>;
}

function parseMetadata(raw: unknown): Record<string, string> | null {
  if (raw === undefined) return null;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return fail('BAD_HEADER', '__metadata__ must be an object of strings');
  for (const v of Object.values(raw)) {
    if (typeof v !== 'string') fail('BAD_HEADER', '__metadata__ values must be strings');
  }
  return raw as Record<string, string>;
}

/** The tensors must tile the byte buffer exactly: no hole, no overlap, nothing left over. */
function checkTiling(entries: readonly SafetensorsEntry[], base: number, total: number): void {
  const sorted = [...entries].sort(
    (a, b) => a.byteOffset - b.byteOffset || a.byteLength - b.byteLength,
  );
  let cursor = base;
  for (const e of sorted) {
    if (e.byteOffset !== cursor)
      fail(
        e.byteOffset > cursor ? 'NOT_CONTIGUOUS' : 'BAD_OFFSETS',
        `"${e.name}" starts at buffer byte ${e.byteOffset - base}, expected ${cursor - base} (${e.byteOffset > cursor ? 'hole' : 'overlap'})`,
      );
    cursor += e.byteLength;
  }
  if (cursor > total)
    fail(
      'TRUNCATED',
      `data ends at byte ${cursor} but the file has ${total} bytes (truncated download?)`,
    );
  if (cursor < total)
    fail('NOT_CONTIGUOUS', `${total - cursor} trailing bytes after the last tensor`);
}

/**
 * Parses and validates a whole file. Spec: safetensors README "Format", `tensor.rs` (`validate`).
 * @param input the file's bytes
 * @returns header entries over the same bytes (no tensor data is copied)
 * @throws SafetensorsError with a code on any malformed or truncated file
 */
export function parseSafetensors(input: ArrayBuffer | Uint8Array): SafetensorsFile {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const n = readHeaderLength(bytes);
  const json = parseJson(bytes, n);
  const metadata = parseMetadata(json.__metadata__);
  const tensors = new Map<string, SafetensorsEntry>();
  for (const [name, raw] of Object.entries(json)) {
    if (name !== '__metadata__') tensors.set(name, parseEntry(name, raw, 8 + n));
  }
  checkTiling([...tensors.values()], 8 + n, bytes.byteLength);
  return { bytes, headerLength: n, tensors, metadata };
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * IEEE 754 binary16 -> number (exact: every half is a float32).
 * @param h the 16 bits
 * @returns its value
 */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24; // subnormal
  if (exp === 31) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/**
 * A float tensor as float32. F32 is a zero-copy view when 4-byte aligned on a little-endian host
 * (the reference writer keeps F32 data aligned), a copy otherwise; F16, BF16, F64 are converted.
 * @param file parsed file
 * @param entry one of its entries
 * @returns row-major float32 values (a view: do not mutate)
 * @throws SafetensorsError WRONG_DTYPE for integer or boolean tensors
 */
export function readFloat32(file: SafetensorsFile, entry: SafetensorsEntry): Float32Array {
  const { bytes } = file;
  const at = bytes.byteOffset + entry.byteOffset;
  const n = entry.byteLength / DTYPE_SIZE[entry.dtype];
  if (entry.dtype === 'F32' && LITTLE_ENDIAN_HOST && at % 4 === 0)
    return new Float32Array(bytes.buffer, at, n);
  const view = new DataView(bytes.buffer, at, entry.byteLength);
  const out = new Float32Array(n);
  switch (entry.dtype) {
    case 'F32':
      for (let i = 0; i < n; i++) out[i] = view.getFloat32(4 * i, true);
      return out;
    case 'F64': // rounds to nearest float32
      for (let i = 0; i < n; i++) out[i] = view.getFloat64(8 * i, true);
      return out;
    case 'F16':
      for (let i = 0; i < n; i++) out[i] = halfToFloat(view.getUint16(2 * i, true));
      return out;
    case 'BF16': {
      // bfloat16 is the top half of a float32: shift the bits into place.
      const bits = new Uint32Array(out.buffer);
      for (let i = 0; i < n; i++) bits[i] = view.getUint16(2 * i, true) << 16;
      return out;
    }
    default:
      return fail('WRONG_DTYPE', `"${entry.name}" is ${entry.dtype}, not a float tensor`);
  }
}

/**
 * @param file parsed file
 * @param entry an I64 entry (e.g. `num_batches_tracked`)
 * @returns its values (a copy)
 * @throws SafetensorsError WRONG_DTYPE for other dtypes
 */
export function readInt64(file: SafetensorsFile, entry: SafetensorsEntry): BigInt64Array {
  if (entry.dtype !== 'I64') fail('WRONG_DTYPE', `"${entry.name}" is ${entry.dtype}, not I64`);
  const view = new DataView(
    file.bytes.buffer,
    file.bytes.byteOffset + entry.byteOffset,
    entry.byteLength,
  );
  return BigInt64Array.from({ length: entry.byteLength / 8 }, (_, i) =>
    view.getBigInt64(8 * i, true),
  );
}

export { writeSafetensors, type TensorToWrite } from './safetensorsWrite.ts';
