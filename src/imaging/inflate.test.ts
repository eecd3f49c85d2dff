/** The capped inflater: slices sized to the room left, and how far past the cap a bomb can get. */
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inflatedSize, inflateInto, InflateLimitError, sliceFor } from './inflate.ts';
import { zeroBomb } from './testing/bombs.ts';

describe('inflateStream', () => {
  it('feeds slices that cannot inflate past the room left (1 KiB to 64 KiB)', () => {
    expect(sliceFor(272)).toBe(1024);
    expect(sliceFor(10_000_000)).toBe(9689);
    expect(sliceFor(Number.MAX_SAFE_INTEGER)).toBe(65_536);
  });

  it.each([272, 1_000_000, 50_000_000])(
    'stops a 1 GB bomb within 1 MB past a cap of %i bytes',
    (cap) => {
      const error = (() => {
        try {
          inflatedSize(zeroBomb({ zeros: 1e9, format: 'zlib' }), 'zlib', cap);
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(error).toBeInstanceOf(InflateLimitError);
      const produced = (error as InflateLimitError).produced;
      expect(produced).toBeGreaterThan(cap);
      expect(produced - cap).toBeLessThan(1024 * 1032 + 32 * 1024);
    },
  );

  it('inflates a stream exactly at its cap, into a buffer of the cap', () => {
    const data = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 31) & 0xff);
    const out = inflateInto(deflateSync(data), 'zlib', data.length);
    expect(out).toEqual(data);
    expect(() => inflateInto(deflateSync(data), 'zlib', data.length - 1)).toThrow(
      InflateLimitError,
    );
  });
});
