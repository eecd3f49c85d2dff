/**
 * A PackBits encoder (PS3.5 §G.3.1, the inverse of codecs/rle.ts) and the RLE frame layout
 * (§G.5 header, §G.2 byte planes), for tests only.
 */

/**
 * Encode one byte plane: runs of ≥ 3 equal bytes as replicate runs, the rest as literals.
 * @param plane the bytes
 * @returns the PackBits segment, padded to an even length (§G.4)
 */
export function packBits(plane: Uint8Array): Uint8Array {
  const out: number[] = [];
  let i = 0;
  while (i < plane.length) {
    let run = 1;
    while (i + run < plane.length && run < 128 && plane[i + run] === plane[i]) run++;
    if (run >= 3) {
      out.push(257 - run, plane[i] ?? 0); // −(run − 1) as a byte
      i += run;
      continue;
    }
    const start = i;
    while (i < plane.length && i - start < 128) {
      if (i + 2 < plane.length && plane[i] === plane[i + 1] && plane[i] === plane[i + 2]) break;
      i++;
    }
    out.push(i - start - 1, ...plane.subarray(start, i));
  }
  if (out.length % 2 === 1) out.push(0x80); // −128: no-op padding
  return Uint8Array.from(out);
}

/**
 * Build an RLE frame from interleaved samples.
 * @param samples interleaved samples (8- or 16-bit values)
 * @param samplesPerPixel 1 or 3
 * @param bytesPerSample 1 or 2
 * @returns header + segments
 */
export function rleFrame(
  samples: ArrayLike<number>,
  samplesPerPixel: number,
  bytesPerSample: number,
): Uint8Array {
  const pixels = samples.length / samplesPerPixel;
  const segments: Uint8Array[] = [];
  for (let s = 0; s < samplesPerPixel; s++) {
    for (let b = bytesPerSample - 1; b >= 0; b--) {
      const plane = new Uint8Array(pixels);
      for (let p = 0; p < pixels; p++)
        plane[p] = ((samples[p * samplesPerPixel + s] ?? 0) >> (8 * b)) & 0xff;
      segments.push(packBits(plane));
    }
  }
  const header = new DataView(new ArrayBuffer(64));
  header.setUint32(0, segments.length, true);
  let offset = 64;
  segments.forEach((seg, k) => {
    header.setUint32(4 + 4 * k, offset, true);
    offset += seg.length;
  });
  const frame = new Uint8Array(offset);
  frame.set(new Uint8Array(header.buffer), 0);
  let at = 64;
  for (const seg of segments) {
    frame.set(seg, at);
    at += seg.length;
  }
  return frame;
}
