/**
 * A valid baseline JPEG of any size (T.81 process 1), written directly: one grey component, all
 * quantisation steps 1, and one-symbol Huffman tables (DC category 0, AC end-of-block), so every
 * 8 × 8 block is the two bits "0 0" and the image is flat mid-grey (128). A 100-megapixel JPEG is
 * 390 KB and takes no time to build; decoding it is the real work. Test and benchmark support only.
 */

/** T.81 §B.1.1.4: a marker segment, FF xx, its length (which counts itself) and its data. */
function segment(marker: number, data: readonly number[]): number[] {
  const length = data.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...data];
}

/** §B.2.4.2: one Huffman table whose only code is "0" (length 1), for `symbol`. */
function oneCodeTable(tableClass: number, symbol: number): number[] {
  const counts = new Array<number>(16).fill(0);
  counts[0] = 1;
  return segment(0xc4, [(tableClass << 4) | 0, ...counts, symbol]);
}

/**
 * @param width pixels per row (1..65,535)
 * @param height rows (1..65,535)
 * @returns the JPEG file
 */
export function flatGreyJpeg(width: number, height: number): Uint8Array {
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  const head = [
    0xff,
    0xd8, // SOI
    ...segment(0xdb, [0x00, ...new Array<number>(64).fill(1)]), // DQT: table 0, 8-bit, all 1
    ...segment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]),
    ...oneCodeTable(0, 0x00), // DC: category 0 (difference 0)
    ...oneCodeTable(1, 0x00), // AC: EOB
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]), // SOS: component 1, tables 0/0, Ss 0, Se 63
  ];
  // Two zero bits per block; the last byte is padded with 1 bits (§F.1.2.3).
  const scanBytes = Math.ceil((2 * blocks) / 8);
  const out = new Uint8Array(head.length + scanBytes + 2);
  out.set(head);
  const usedBits = (2 * blocks) % 8;
  if (usedBits !== 0) out[head.length + scanBytes - 1] = 0xff >> usedBits;
  out.set([0xff, 0xd9], head.length + scanBytes); // EOI
  return out;
}
