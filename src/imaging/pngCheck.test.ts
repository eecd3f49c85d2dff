/**
 * The PNG reader's checks, on files built here from small recipes (never a committed bomb): a
 * second IHDR, and zlib streams that inflate far past what they may (IDAT, iCCP, zTXt, iTXt).
 * Peak memory of the same files in a child process: src/test/hostile.test.ts.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { encode as encodePng } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { decodeImage } from './decode.ts';
import { ImagingError } from './errors.ts';
import { checkPng, expectedImageBytes, PNG_LIMITS } from './pngCheck.ts';
import { ihdr, pngChunk, pngFile, zeroBomb } from './testing/bombs.ts';

async function refusal(bytes: Uint8Array): Promise<ImagingError> {
  const error = await decodeImage(bytes).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ImagingError)) throw new Error(`expected an ImagingError, got ${error}`);
  expect(error.kind).toBe('bad-input');
  expect(error.sentence).toMatch(/^[A-Z].*\.$/);
  expect(error.sentence).not.toMatch(/IHDR|IDAT|fast-png|fflate/);
  return error;
}

const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** A 16 × 16 grey image's IDAT: 16 rows of filter byte 0 and 16 samples. */
const goodIdat = (): Uint8Array => pngChunk('IDAT', deflateSync(new Uint8Array(16 * 17)));

/** Measures what a decode allocates in ArrayBuffers (the big allocations all live there). */
async function arrayBuffersDuring(run: () => Promise<unknown>): Promise<number> {
  const before = process.memoryUsage().arrayBuffers;
  await run().catch(() => undefined);
  return process.memoryUsage().arrayBuffers - before;
}

describe('PNG chunk order', () => {
  it('refuses a 1 × 1 header followed by a 20,000 × 20,000 one (the limit bypass)', async () => {
    const oneRow = pngChunk('IDAT', deflateSync(new Uint8Array(2)));
    const bytes = pngFile([ihdr(1, 1), ihdr(20_000, 20_000), oneRow]);
    const e = await refusal(bytes);
    expect(e.code).toBe('corrupt');
    expect(e.sentence).toBe(
      'This PNG file has 2 image headers where a PNG has exactly one, so it was not decoded: export the image again.',
    );
    expect(e.detail).toMatch(/IHDR shall be the first chunk and appear once/);
  });

  it('refuses a file whose first chunk is not IHDR', async () => {
    const bytes = pngFile([pngChunk('tEXt', latin1('a\0b')), ihdr(16, 16), goodIdat()]);
    expect((await refusal(bytes)).code).toBe('corrupt');
  });

  it('calls a chunk that runs past the end of the file truncated', async () => {
    const bytes = pngFile([ihdr(16, 16), goodIdat()]);
    expect((await refusal(bytes.subarray(0, 45))).code).toBe('truncated');
  });
});

describe('PNG zlib streams are capped as they inflate', () => {
  it('IDAT: a 16 × 16 image whose data inflates to 1.2 GB stops at 272 bytes', async () => {
    const bytes = pngFile([
      ihdr(16, 16),
      pngChunk('IDAT', zeroBomb({ zeros: 1.2e9, format: 'zlib' })),
    ]);
    expect(bytes.length).toBeLessThan(1.2e6);
    let e: ImagingError | undefined;
    const grew = await arrayBuffersDuring(async () => (e = await refusal(bytes)));
    expect(e?.code).toBe('decompression-bomb');
    expect(e?.sentence).toBe(
      "This PNG file's image data expands to more than its header's 16 × 16 pixels need (a decompression bomb), so it was not decoded: export the image again.",
    );
    expect(e?.detail).toMatch(/past 272 bytes/);
    expect(grew).toBeLessThan(64 * 2 ** 20);
  });

  it.each(['iCCP', 'zTXt', 'iTXt'])('%s: a stream inflating to 1 GB is refused', async (type) => {
    const head = type === 'iTXt' ? latin1('Comment\0\x01\0en\0\0') : latin1('name\0\0');
    const chunk = pngChunk(type, concat(head, zeroBomb({ zeros: 1e9, format: 'zlib' })));
    const bytes = pngFile([ihdr(16, 16), chunk, goodIdat()]);
    let e: ImagingError | undefined;
    const grew = await arrayBuffersDuring(async () => (e = await refusal(bytes)));
    expect(e?.code).toBe('decompression-bomb');
    expect(e?.sentence).toMatch(
      new RegExp(`^This PNG file's ${type} chunk expands to more than 16 MB`),
    );
    expect(grew).toBeLessThan(64 * 2 ** 20);
  });

  it('the ancillary budget is shared: many small streams cannot add up past it', () => {
    const each = zeroBomb({ zeros: 4 * 2 ** 20, format: 'zlib' }); // 4 MB each, 5 of them
    const chunks = Array.from({ length: 5 }, () => pngChunk('zTXt', concat(latin1('k\0\0'), each)));
    const bytes = pngFile([ihdr(16, 16), ...chunks, goodIdat()]);
    expect(() => checkPng(bytes)).toThrow(/expands to more than 16 MB/);
    expect(PNG_LIMITS.ancillaryInflateBytes.value).toBe(16 * 2 ** 20);
  });

  it('a real ICC profile and compressed text still decode', async () => {
    const profile = concat(latin1('sRGB\0\0'), deflateSync(new Uint8Array(3144).fill(7)));
    const text = concat(latin1('Comment\0\x01\0\0\0'), deflateSync(latin1('hello')));
    const bytes = pngFile([
      ihdr(16, 16),
      pngChunk('iCCP', profile),
      pngChunk('iTXt', text),
      goodIdat(),
    ]);
    const image = await decodeImage(bytes);
    expect([image.width, image.height]).toEqual([16, 16]);
  });
});

describe('the size the header implies', () => {
  it.each([
    { channels: 1, depth: 8 },
    { channels: 1, depth: 16 },
    { channels: 3, depth: 8 },
    { channels: 4, depth: 16 },
    { channels: 2, depth: 8 },
  ] as const)(
    'equals what fast-png writes: $channels channel(s), $depth bits',
    ({ channels, depth }) => {
      const [width, height] = [37, 11];
      const size = width * height * channels;
      const data = depth === 16 ? new Uint16Array(size) : new Uint8Array(size);
      const png = encodePng({ width, height, data, channels, depth });
      const header = checkPng(png);
      const idat = pngIdat(png);
      expect(expectedImageBytes(header)).toBe(inflateSync(idat).length);
    },
  );

  it('counts the seven Adam7 passes of an interlaced image, and such a file decodes', async () => {
    // 10 × 7 grey: pass sizes (w × h) 2×1, 1×1, 3×1, 5×2, 10×2 ... built from the pass table.
    const header = { width: 10, height: 7, bitDepth: 8, colourType: 0, interlaced: true };
    const passes = [
      [0, 0, 8, 8],
      [4, 0, 8, 8],
      [0, 4, 4, 8],
      [2, 0, 4, 4],
      [0, 2, 2, 4],
      [1, 0, 2, 2],
      [0, 1, 1, 2],
    ];
    let raw = 0;
    for (const [x0, y0, dx, dy] of passes) {
      const w = Math.ceil(Math.max(0, 10 - (x0 ?? 0)) / (dx ?? 1));
      const h = Math.ceil(Math.max(0, 7 - (y0 ?? 0)) / (dy ?? 1));
      if (w > 0 && h > 0) raw += h * (1 + w);
    }
    expect(expectedImageBytes(header)).toBe(raw);
    const data = new Uint8Array(13);
    new DataView(data.buffer).setUint32(0, 10);
    new DataView(data.buffer).setUint32(4, 7);
    data.set([8, 0, 0, 0, 1], 8);
    const bytes = pngFile([
      pngChunk('IHDR', data),
      pngChunk('IDAT', deflateSync(new Uint8Array(raw))),
    ]);
    const image = await decodeImage(bytes);
    expect([image.width, image.height]).toEqual([10, 7]);
    // One byte more than the passes need is refused.
    const over = pngFile([
      pngChunk('IHDR', data),
      pngChunk('IDAT', deflateSync(new Uint8Array(raw + 1))),
    ]);
    expect((await refusal(over)).code).toBe('decompression-bomb');
  });
});

/** The IDAT payloads of a PNG, concatenated. */
function pngIdat(png: Uint8Array): Uint8Array {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const parts: Uint8Array[] = [];
  for (let at = 8; at + 8 <= png.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    if (type === 'IDAT') parts.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  return concat(...parts);
}
