/**
 * NumPy `.npy` files (float32, C order), read and written.
 *
 * Spec: numpy.lib.format (NEP 1, "A Simple File Format for NumPy Arrays"): magic `\x93NUMPY`,
 * major and minor version bytes, header length (v1: little-endian u16 at byte 8; v2/v3: u32),
 * then an ASCII (v3: UTF-8) Python dict literal `{'descr': '<f4', 'fortran_order': False,
 * 'shape': (1, 3, 224, 224), }` padded with spaces and a newline so that the data starts at a
 * multiple of 64 (16 before NumPy 1.20), then the raw array.
 */

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

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
    throw new Error(`npy: header lacks descr, fortran_order or shape: ${text.trim()}`);
  const dims = shape
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  if (!dims.every((d) => Number.isSafeInteger(d) && d >= 0))
    throw new Error(`npy: bad shape (${shape})`);
  return { descr, fortran: fortran === 'True', shape: dims };
}

/**
 * @param bytes the file
 * @returns its array (a copy, so alignment never matters)
 * @throws Error on anything but a C-order little-endian float32 array, or a truncated file
 */
export function readNpy(bytes: Uint8Array): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b))
    throw new Error('npy: not a .npy file (no \\x93NUMPY magic)');
  const major = bytes[6] ?? 0;
  if (major < 1 || major > 3) throw new Error(`npy: unsupported format version ${major}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerStart = major === 1 ? 10 : 12;
  if (bytes.length < headerStart) throw new Error('npy: truncated header');
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = headerStart + headerLength;
  if (bytes.length < dataStart) throw new Error('npy: truncated header');
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(
    bytes.subarray(headerStart, dataStart),
  );
  const { descr, fortran, shape } = parseHeader(text);
  if (descr !== '<f4')
    throw new Error(
      `npy: dtype '${descr}' is not little-endian float32 ('<f4'); use x.astype('<f4')`,
    );
  if (fortran)
    throw new Error('npy: Fortran-order arrays are not supported; use np.ascontiguousarray');
  const count = shape.reduce((a, b) => a * b, 1);
  if (bytes.length - dataStart < count * 4)
    throw new Error(`npy: truncated data: ${bytes.length - dataStart} bytes for ${count} floats`);
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = view.getFloat32(dataStart + 4 * i, true);
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
