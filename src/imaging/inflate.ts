/**
 * DEFLATE with a cap on the output, checked as it streams: the PNG reader (IDAT, iCCP, zTXt,
 * iTXt), the deflated DICOM transfer syntax and the dataset zip all inflate through here, so a few
 * hundred compressed bytes can never become gigabytes (a "decompression bomb").
 *
 * fflate (already a dependency) inflates; its streaming classes grow their output by whatever one
 * `push` yields, so the input is fed in slices sized to the room left under the cap: DEFLATE
 * expands at most about 1032:1 (a 258-byte match per 2 bits, RFC 1951 §3.2.5), so a slice of
 * room / 1032 bytes cannot carry the output past the cap, and near the cap the 1 KiB minimum slice
 * passes it by at most ~1 MiB before the stream is stopped. Far from the cap slices grow to
 * 64 KiB, where fflate runs at the speed of its one-shot inflate (small slices cost about 3×).
 * Why not a larger minimum: a 1024 × 1024 X-ray (184 KB of IDAT against a 1 MiB cap, so room /
 * 1032 stays near 1 KiB) checks in 23 ms in 1 KiB slices and 12 ms in 4 KiB, but 4 KiB raised
 * the CLI's peak on a 1 GB iCCP bomb from 46 to 58 MB of its 64 MB budget (hostileInputs.test.ts).
 */
import { Inflate, Unzlib } from 'fflate';

/** Raw DEFLATE (RFC 1951: zip entries, deflated DICOM) or zlib-wrapped (RFC 1950: PNG). */
export type DeflateFormat = 'raw' | 'zlib';

/** DEFLATE's largest expansion: a 258-byte match in 2 bits (RFC 1951 §3.2.5). */
const MAX_RATIO = 1032;
/** Smallest and largest compressed slice fed per push. */
const MIN_SLICE = 1024;
const MAX_SLICE = 64 * 1024;

/**
 * @param room output bytes left under the cap
 * @returns the compressed bytes to feed next: at most what cannot inflate past the room
 */
export function sliceFor(room: number): number {
  return Math.max(MIN_SLICE, Math.min(MAX_SLICE, Math.floor(room / MAX_RATIO)));
}

/** The output passed its cap: the stream was stopped there, nothing more was inflated. */
export class InflateLimitError extends Error {
  override name = 'InflateLimitError';
  /** The cap, in bytes. */
  readonly limit: number;
  /** Bytes inflated when the cap was passed (at least limit + 1). */
  readonly produced: number;

  /**
   * @param limit the cap, in bytes
   * @param produced bytes inflated when the cap was passed
   */
  constructor(limit: number, produced: number) {
    super(`inflated past ${limit} bytes (${produced} when stopped)`);
    this.limit = limit;
    this.produced = produced;
  }
}

/**
 * Inflates `data`, handing each piece of output to `sink` as it comes, and stops with
 * InflateLimitError as soon as the total passes `maxBytes`.
 * @param data the compressed stream, whole or in consecutive parts (a PNG's IDAT chunks)
 * @param format raw DEFLATE or zlib
 * @param maxBytes most output bytes allowed
 * @param sink receives each piece of output (may be empty); it may throw to stop early
 * @param room output bytes the sink will still take, when it keeps a tighter cap of its own
 * @returns the total output bytes
 * @throws InflateLimitError past the cap; fflate's own error for corrupt data or an early end
 */
export function inflateStream(
  data: Uint8Array | readonly Uint8Array[],
  format: DeflateFormat,
  maxBytes: number,
  sink: (chunk: Uint8Array) => void,
  room: () => number = () => Number.MAX_SAFE_INTEGER,
): number {
  let total = 0;
  const onData = (chunk: Uint8Array): void => {
    total += chunk.length;
    if (total > maxBytes) throw new InflateLimitError(maxBytes, total);
    if (chunk.length > 0) sink(chunk);
  };
  const stream = format === 'zlib' ? new Unzlib(onData) : new Inflate(onData);
  for (const part of data instanceof Uint8Array ? [data] : data) {
    for (let at = 0; at < part.length;) {
      const slice = sliceFor(Math.min(maxBytes - total, room()));
      stream.push(part.subarray(at, Math.min(part.length, at + slice)), false);
      at += slice;
    }
  }
  stream.push(new Uint8Array(0), true);
  return total;
}

/**
 * @param error what an inflate threw
 * @returns whether fflate threw it for the data (corrupt or cut short), not the cap or a bug
 */
export function isFlateError(error: unknown): error is Error & { code: number } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'number';
}

/**
 * @param data the compressed stream
 * @param format raw DEFLATE or zlib
 * @param maxBytes most output bytes allowed
 * @returns how many bytes it inflates to (nothing is kept)
 * @throws InflateLimitError past the cap; fflate's error for corrupt data
 */
export function inflatedSize(
  data: Uint8Array | readonly Uint8Array[],
  format: DeflateFormat,
  maxBytes: number,
): number {
  return inflateStream(data, format, maxBytes, () => undefined);
}

/**
 * Inflates into a buffer of `maxBytes`, allocated once: memory is the cap, never more.
 * @param data the compressed stream
 * @param format raw DEFLATE or zlib
 * @param maxBytes most output bytes allowed (the buffer's size)
 * @returns the output (a view of the first bytes written)
 * @throws InflateLimitError past the cap; fflate's error for corrupt data
 */
export function inflateInto(data: Uint8Array, format: DeflateFormat, maxBytes: number): Uint8Array {
  const out = new Uint8Array(maxBytes);
  let at = 0;
  inflateStream(data, format, maxBytes, (chunk) => {
    out.set(chunk, at);
    at += chunk.length;
  });
  return out.subarray(0, at);
}
