import { describe, expect, it } from 'vitest';
import {
  parseSafetensors,
  readFloat32,
  readInt64,
  SafetensorsError,
  writeSafetensors,
  type SafetensorsErrorCode,
} from './safetensors.ts';

/** A file assembled by hand from the spec (header length, JSON, data), independent of the writer. */
function handMade(header: string, data: number[], declaredLength?: number): Uint8Array {
  const json = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setUint32(0, declaredLength ?? json.length, true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

const f32Bytes = (...v: number[]): number[] => [...new Uint8Array(new Float32Array(v).buffer)];

function codeOf(f: () => unknown): SafetensorsErrorCode | 'none' {
  try {
    f();
    return 'none';
  } catch (e) {
    if (e instanceof SafetensorsError) return e.code;
    throw e;
  }
}

describe('parseSafetensors', () => {
  it('reads a hand-made file: F32, F16, BF16, I64 and metadata', () => {
    const header = JSON.stringify({
      __metadata__: { format: 'pt' },
      n: { dtype: 'I64', shape: [], data_offsets: [0, 8] },
      a: { dtype: 'F32', shape: [2], data_offsets: [8, 16] },
      h: { dtype: 'F16', shape: [3], data_offsets: [16, 22] },
      b: { dtype: 'BF16', shape: [2], data_offsets: [22, 26] },
    });
    // I64 7; F32 [1.5, -2]; F16 [1, -2, 2^-24 (smallest subnormal)]; BF16 [1, -0.5]
    const data = [7, 0, 0, 0, 0, 0, 0, 0, ...f32Bytes(1.5, -2)];
    data.push(0x00, 0x3c, 0x00, 0xc0, 0x01, 0x00, 0x80, 0x3f, 0x00, 0xbf);
    const file = parseSafetensors(handMade(header, data));
    expect(file.metadata).toEqual({ format: 'pt' });
    expect([...file.tensors.keys()]).toEqual(['n', 'a', 'h', 'b']);
    const get = (k: string) => {
      const e = file.tensors.get(k);
      if (e === undefined) throw new Error(k);
      return e;
    };
    expect([...readInt64(file, get('n'))]).toEqual([7n]);
    expect([...readFloat32(file, get('a'))]).toEqual([1.5, -2]);
    expect([...readFloat32(file, get('h'))]).toEqual([1, -2, 2 ** -24]);
    expect([...readFloat32(file, get('b'))]).toEqual([1, -0.5]);
    expect(codeOf(() => readFloat32(file, get('n')))).toBe('WRONG_DTYPE');
    expect(codeOf(() => readInt64(file, get('a')))).toBe('WRONG_DTYPE');
  });

  it('round-trips the writer; F32 data is a zero-copy aligned view', () => {
    const w = new Float32Array([0.1, -3.25, 1e-20, 7]);
    const bytes = writeSafetensors(
      [
        { name: 'z.weight', shape: [2, 2], data: w },
        { name: 'a.num_batches_tracked', shape: [], data: new BigInt64Array([12345678901n]) },
        { name: 'empty', shape: [0, 3], data: new Float32Array(0) },
      ],
      { format: 'pt' },
    );
    const n = new DataView(bytes.buffer).getUint32(0, true);
    expect((8 + n) % 8).toBe(0); // padded like the reference writer
    expect(bytes[8 + n - 1]).toBe(0x20);
    const file = parseSafetensors(bytes.buffer as ArrayBuffer);
    // reference order: I64 (alignment 8) first, then by name
    expect([...file.tensors.keys()]).toEqual(['a.num_batches_tracked', 'empty', 'z.weight']);
    const e = file.tensors.get('z.weight');
    if (e === undefined) throw new Error('missing');
    const v = readFloat32(file, e);
    expect(v.buffer).toBe(bytes.buffer);
    expect([...v]).toEqual([...w]);
    expect(e.shape).toEqual([2, 2]);
  });

  it('copies when the F32 data is not 4-byte aligned', () => {
    const header = JSON.stringify({ x: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }) + ' ';
    const bytes = handMade(header, f32Bytes(3, 4));
    expect((8 + header.length) % 4).not.toBe(0);
    const file = parseSafetensors(bytes);
    const e = file.tensors.get('x');
    if (e === undefined) throw new Error('missing');
    const v = readFloat32(file, e);
    expect(v.buffer).not.toBe(bytes.buffer);
    expect([...v]).toEqual([3, 4]);
  });

  it('reads from a Uint8Array that is a window into a larger buffer', () => {
    const inner = writeSafetensors([{ name: 'x', shape: [1], data: new Float32Array([9]) }]);
    const big = new Uint8Array(inner.length + 5);
    big.set(inner, 3);
    const file = parseSafetensors(big.subarray(3, 3 + inner.length));
    const e = file.tensors.get('x');
    if (e === undefined) throw new Error('missing');
    expect([...readFloat32(file, e)]).toEqual([9]);
  });

  const x = (o: unknown) => JSON.stringify({ x: o });
  const cases: [string, () => Uint8Array, SafetensorsErrorCode][] = [
    ['fewer than 8 bytes', () => new Uint8Array(5), 'TRUNCATED'],
    ['header longer than the file', () => handMade('{}', [], 50), 'TRUNCATED'],
    [
      'header length over 100,000,000',
      () => {
        const b = handMade('{}', []);
        new DataView(b.buffer).setUint32(0, 100_000_001, true);
        return b;
      },
      'HEADER_TOO_LARGE',
    ],
    ['JSON not starting with {', () => handMade(' {}', []), 'BAD_HEADER'],
    ['invalid JSON', () => handMade('{"x": ', []), 'BAD_HEADER'],
    ['metadata not strings', () => handMade('{"__metadata__": {"a": 1}}', []), 'BAD_HEADER'],
    [
      'unknown dtype',
      () => handMade(x({ dtype: 'F7', shape: [], data_offsets: [0, 0] }), []),
      'BAD_DTYPE',
    ],
    [
      'bad shape',
      () => handMade(x({ dtype: 'F32', shape: [-1], data_offsets: [0, 0] }), []),
      'BAD_SHAPE',
    ],
    [
      'bad offsets',
      () => handMade(x({ dtype: 'F32', shape: [1], data_offsets: [4, 0] }), []),
      'BAD_OFFSETS',
    ],
    [
      'size != shape x dtype size',
      () => handMade(x({ dtype: 'F32', shape: [3], data_offsets: [0, 8] }), f32Bytes(1, 2)),
      'SIZE_MISMATCH',
    ],
    [
      'data truncated',
      () => handMade(x({ dtype: 'F32', shape: [2], data_offsets: [0, 8] }), f32Bytes(1)),
      'TRUNCATED',
    ],
    [
      'trailing bytes',
      () => handMade(x({ dtype: 'F32', shape: [1], data_offsets: [0, 4] }), f32Bytes(1, 2)),
      'NOT_CONTIGUOUS',
    ],
    [
      'a hole',
      () =>
        handMade(
          JSON.stringify({
            a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] },
            b: { dtype: 'F32', shape: [1], data_offsets: [8, 12] },
          }),
          f32Bytes(1, 2, 3),
        ),
      'NOT_CONTIGUOUS',
    ],
    [
      'overlapping tensors',
      () =>
        handMade(
          JSON.stringify({
            a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
            b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] },
          }),
          f32Bytes(1, 2),
        ),
      'BAD_OFFSETS',
    ],
  ];
  it.each(cases)('rejects %s', (_, make, code) => {
    expect(codeOf(() => parseSafetensors(make()))).toBe(code);
  });

  it('accepts an empty file with only metadata', () => {
    const file = parseSafetensors(handMade('{"__metadata__": {"format": "pt"}}  ', []));
    expect(file.tensors.size).toBe(0);
  });
});
