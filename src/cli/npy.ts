/**
 * NumPy `.npy` files (float32, C order), read and written.
 *
 * Spec: numpy.lib.format (NEP 1, "A Simple File Format for NumPy Arrays"): magic `\x93NUMPY`,
 * major and minor version bytes, header length (v1: little-endian u16 at byte 8; v2/v3: u32),
 * then an ASCII (v3: UTF-8) Python dict literal `{'descr': '<f4', 'fortran_order': False,
 * 'shape': (1, 3, 224, 224), }` padded with spaces and a newline so that the data starts at a
 * multiple of 64 (16 before NumPy 1.20), then the raw array. Every refusal is a coded `NpyError`
 * of kind 'bad-input' (exit 2), checked before the array is allocated (`NPY_LIMITS`).
 */

import { RefusalError } from '../refusal/refusal.ts';
import type { ReaderLimits } from '../refusal/readerLimits.ts';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/**
 * What a .npy file may be, checked before its data is read. The data itself must lie in the
 * file (`readUserFile` bounds the file's size).
 */
export const NPY_LIMITS = {
  maxHeaderBytes: {
    value: 10_000,
    unit: 'bytes of the header',
    why: "NumPy's own default (numpy.lib.format._MAX_HEADER_SIZE, which read_array_header enforces since NumPy 1.24 because the header is parsed as a Python literal), so every file NumPy reads is read here (past it: BAD_HEADER)",
  },
  maxDims: {
    value: 32,
    unit: 'dimensions',
    why: "NumPy 1.x's NPY_MAXDIMS: no array NumPy writes has more, and the shape is multiplied out before anything is allocated (past it: BAD_HEADER)",
  },
} as const satisfies ReaderLimits;

/** Why a .npy input was refused. */
export type NpyErrorCode =
  | 'NOT_NPY'
  | 'BAD_HEADER'
  | 'UNSUPPORTED_ARRAY'
  | 'TRUNCATED'
  | 'EMPTY_DIMENSION'
  | 'WRONG_SHAPE'
  | 'NON_FINITE';

/** Data: the plain sentence per code (the reader's text is the detail). */
const NPY_SENTENCES: Record<NpyErrorCode, string> = {
  NOT_NPY: "This --npy file is not a NumPy .npy array; save the input with numpy.save('x.npy', x).",
  BAD_HEADER:
    "This --npy file's header cannot be read (damaged, or not written by NumPy); save the input again with numpy.save.",
  UNSUPPORTED_ARRAY:
    "This --npy array is not little-endian float32 in C order; save x.astype('<f4') with numpy.save (np.ascontiguousarray for Fortran order).",
  TRUNCATED: 'This --npy file ends before its data does; save or copy it again.',
  EMPTY_DIMENSION:
    'This --npy array has a dimension of size 0, so it holds no input at all; save a non-empty array.',
  WRONG_SHAPE:
    "This --npy array does not have the model's input shape; save it as [N, C, S, S] or [C, S, S] with the model's channels.",
  NON_FINITE:
    'This --npy array holds values that are not numbers (NaN or infinity), so every output would be NaN; save a finite input.',
};

/** A .npy input refused (bad input, exit 2). */
export class NpyError extends RefusalError<NpyErrorCode> {
  override name = 'NpyError';

  /**
   * @param code reason (it picks the sentence)
   * @param detail what exactly is wrong
   */
  constructor(code: NpyErrorCode, detail: string) {
    super('bad-input', code, NPY_SENTENCES[code], { detail: `npy: ${detail}` });
  }
}

function fail(code: NpyErrorCode, detail: string): never {
  throw new NpyError(code, detail);
}

/** A float32 array and its shape. */
export interface NpyArray {
  readonly shape: number[];
  readonly data: Float32Array;
}

/** The header dict, read field by field (it is a Python literal, not JSON). */
function parseHeader(text: string): { descr: string; fortran: boolean; shape: number[] } {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shape === undefined)
    return fail('BAD_HEADER', `header lacks descr, fortran_order or shape: ${text.trim()}`);
  const dims = shape
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => (/^\d+L?$/.test(s) ? Number.parseInt(s, 10) : NaN));
  if (!dims.every((d) => Number.isSafeInteger(d)) || dims.length > NPY_LIMITS.maxDims.value)
    fail('BAD_HEADER', `bad shape (${shape})`);
  if (dims.includes(0)) fail('EMPTY_DIMENSION', `shape (${shape}) has a dimension of size 0`);
  return { descr, fortran: fortran === 'True', shape: dims };
}

/** @returns where the data starts and the header's text (version 1 to 3) */
function header(bytes: Uint8Array): { dataStart: number; text: string } {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b))
    fail('NOT_NPY', 'not a .npy file (no \\x93NUMPY magic)');
  const major = bytes[6] ?? 0;
  if (major < 1 || major > 3) fail('BAD_HEADER', `unsupported format version ${major}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerStart = major === 1 ? 10 : 12;
  if (bytes.length < headerStart) fail('TRUNCATED', 'truncated header');
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (headerLength > NPY_LIMITS.maxHeaderBytes.value)
    fail(
      'BAD_HEADER',
      `a ${headerLength}-byte header (NumPy reads at most ${NPY_LIMITS.maxHeaderBytes.value})`,
    );
  const dataStart = headerStart + headerLength;
  if (bytes.length < dataStart) fail('TRUNCATED', 'truncated header');
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(
    bytes.subarray(headerStart, dataStart),
  );
  return { dataStart, text };
}

/**
 * @param bytes the file
 * @returns its array (a copy, so alignment never matters)
 * @throws NpyError (bad input, exit 2) on anything but a C-order little-endian float32 array
 *   with no zero-sized dimension, or a truncated file
 */
export function readNpy(bytes: Uint8Array): NpyArray {
  const { dataStart, text } = header(bytes);
  const { descr, fortran, shape } = parseHeader(text);
  if (descr !== '<f4')
    fail(
      'UNSUPPORTED_ARRAY',
      `dtype '${descr}' is not little-endian float32 ('<f4'); use x.astype('<f4')`,
    );
  if (fortran)
    fail('UNSUPPORTED_ARRAY', 'Fortran-order arrays are not supported; use np.ascontiguousarray');
  const count = shape.reduce((a, b) => a * b, 1);
  // the data must be in the file: checked before the array is allocated
  if (bytes.length - dataStart < count * 4)
    fail('TRUNCATED', `truncated data: ${bytes.length - dataStart} bytes for ${count} floats`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const data = new Float32Array(count);
  let bad = -1;
  for (let i = 0; i < count; i++) {
    const v = view.getFloat32(dataStart + 4 * i, true);
    if (bad < 0 && v - v !== 0) bad = i; // NaN or +-Infinity
    data[i] = v;
  }
  if (bad >= 0) fail('NON_FINITE', `element ${bad} is ${data[bad]}`);
  return { shape, data };
}

/**
 * Writes a version 1.0 file, header padded to a multiple of 64 as NumPy does.
 * @param array shape and float32 data (C order)
 * @returns the file's bytes
 */
export function writeNpy(array: NpyArray): Uint8Array {
  const dims = array.shape.join(', ') + (array.shape.length === 1 ? ',' : '');
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${dims}), }`;
  header = header.padEnd(Math.ceil((10 + header.length + 1) / 64) * 64 - 10 - 1, ' ') + '\n';
  const out = new Uint8Array(10 + header.length + array.data.byteLength);
  out.set(MAGIC);
  out[6] = 1;
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  const view = new DataView(out.buffer, 10 + header.length);
  array.data.forEach((v, i) => view.setFloat32(4 * i, v, true));
  return out;
}
