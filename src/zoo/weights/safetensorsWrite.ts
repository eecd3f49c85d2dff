/**
 * safetensors writer (format: see safetensors.ts), used by the tests, the benchmark and to save
 * trained models. Pure: no tf, no DOM.
 */

/** A tensor to write. */
export interface TensorToWrite {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array | BigInt64Array;
}

/**
 * Writes a safetensors file the way the reference writer does (`tensor.rs::prepare`): tensors
 * sorted by descending dtype alignment then name (so I64 first and every F32 stays 4-byte
 * aligned), header right-padded with spaces so the data starts at a multiple of 8.
 * @param tensors F32 (Float32Array) or I64 (BigInt64Array) tensors, unique names
 * @param metadata optional `__metadata__` string map
 * @returns the file's bytes
 */
export function writeSafetensors(
  tensors: readonly TensorToWrite[],
  metadata?: Readonly<Record<string, string>>,
): Uint8Array {
  const items = tensors.map((t) => ({
    ...t,
    dtype: t.data instanceof Float32Array ? 'F32' : 'I64',
  }));
  items.sort((a, b) =>
    a.dtype === b.dtype
      ? a.name < b.name
        ? -1
        : a.name > b.name
          ? 1
          : 0
      : a.dtype === 'I64'
        ? -1
        : 1,
  );
  const header: Record<string, unknown> = metadata === undefined ? {} : { __metadata__: metadata };
  let offset = 0;
  for (const t of items) {
    if (Object.hasOwn(header, t.name)) throw new Error(`duplicate tensor name ${t.name}`);
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length)
      throw new Error(`${t.name}: ${t.data.length} values for shape [${t.shape.join(', ')}]`);
    header[t.name] = {
      dtype: t.dtype,
      shape: t.shape,
      data_offsets: [offset, offset + t.data.byteLength],
    };
    offset += t.data.byteLength;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil((8 + json.byteLength) / 8) * 8 - 8;
  const out = new Uint8Array(8 + padded + offset);
  out.fill(0x20, 8, 8 + padded); // spaces, as the reference writer pads
  out.set(json, 8);
  new DataView(out.buffer).setUint32(0, padded, true); // high word stays 0: padded < 2^32
  let at = 8 + padded;
  // Typed arrays hold host-order bytes; every JS host in use is little-endian, as the format is.
  for (const t of items) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    at += t.data.byteLength;
  }
  return out;
}
