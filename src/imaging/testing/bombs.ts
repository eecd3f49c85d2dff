/**
 * Decompression bombs for tests, built in memory from a recipe (never committed as files): a
 * DEFLATE stream (RFC 1951) of some literal bytes followed by a run of zeros, at DEFLATE's best
 * ratio of 1032:1, written directly so that a 1.2 GB run costs 1.2 MB and no time; and PNG chunk
 * helpers to wrap such streams. Test support only.
 */
import { crc32 } from 'node:zlib';

/** Writes bits least significant first, as DEFLATE packs them (RFC 1951 §3.1.1). */
class BitWriter {
  private readonly out: Uint8Array;
  private bit = 0;
  constructor(bytes: number) {
    this.out = new Uint8Array(bytes);
  }
  /** A value of `n` bits, least significant bit first (header fields, extra bits). */
  value(v: number, n: number): void {
    for (let i = 0; i < n; i++) this.one((v >> i) & 1);
  }
  /** A Huffman code, most significant bit first (§3.1.1). */
  code(bits: string): void {
    for (const b of bits) this.one(b === '1' ? 1 : 0);
  }
  /** `n` zero bits, without touching them (the buffer starts zeroed). */
  zeros(n: number): void {
    this.bit += n;
  }
  alignToByte(): void {
    this.bit = Math.ceil(this.bit / 8) * 8;
  }
  bytes(b: Uint8Array): void {
    this.out.set(b, this.bit / 8);
    this.bit += b.length * 8;
  }
  done(): Uint8Array {
    return this.out.subarray(0, Math.ceil(this.bit / 8));
  }
  private one(b: number): void {
    const i = this.bit >> 3;
    this.out[i] = (this.out[i] ?? 0) | (b << (this.bit & 7));
    this.bit++;
  }
}

/** Stored blocks (§3.2.4) of the prefix bytes, at most 65,535 each, none final. */
function storedBlocks(w: BitWriter, prefix: Uint8Array): void {
  for (let at = 0; at < prefix.length; at += 0xffff) {
    const part = prefix.subarray(at, at + 0xffff);
    w.value(0, 3); // BFINAL 0, BTYPE 00
    w.alignToByte();
    w.value(part.length, 16);
    w.value(~part.length & 0xffff, 16);
    w.bytes(part);
  }
}

/**
 * One final dynamic block (§3.2.7): literal 0, then `matches` copies of (length 258, distance 1),
 * then end of block. Codes: length 285 → "0", literal 0 → "10", end → "11"; the one distance code
 * → "0" (§3.2.7: one distance code is sent with one bit). Each match is two zero bits.
 */
function zeroRunBlock(w: BitWriter, matches: number): void {
  w.value(1, 1); // BFINAL
  w.value(2, 2); // BTYPE 10: dynamic Huffman
  w.value(286 - 257, 5); // HLIT: literal/length codes 0..285
  w.value(0, 5); // HDIST: one distance code
  w.value(18 - 4, 4); // HCLEN: 18 code-length codes, up to symbol 1 in the §3.2.7 order
  // Code-length code lengths in the order 16,17,18,0,8,7,9,6,10,5,11,4,12,3,13,2,14,1:
  // 18 → 1 bit ("0"), 1 → 2 bits ("10"), 2 → 2 bits ("11").
  for (const len of [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2]) w.value(len, 3);
  const two = (): void => w.code('11');
  const one = (): void => w.code('10');
  const zerosRun = (n: number): void => {
    w.code('0'); // symbol 18: repeat a zero length 11..138 times, 7 extra bits
    w.value(n - 11, 7);
  };
  two(); // literal 0: length 2
  zerosRun(138);
  zerosRun(117); // literals 1..255: unused
  two(); // 256 (end of block): length 2
  zerosRun(28); // 257..284: unused
  one(); // 285 (length 258): length 1
  one(); // distance code 0: length 1
  w.code('10'); // literal 0
  w.zeros(2 * matches); // each match: length code "0", distance code "0"
  w.code('11'); // end of block
}

/** RFC 1950 Adler-32 of `prefix` followed by `zeros` zero bytes. */
function adler32(prefix: Uint8Array, zeros: number): number {
  const MOD = 65521;
  let a = 1;
  let b = 0;
  for (const x of prefix) {
    a = (a + x) % MOD;
    b = (b + a) % MOD;
  }
  b = (b + (zeros % MOD) * a) % MOD;
  return ((b << 16) | a) >>> 0;
}

/**
 * @param o `zeros`: at least this many zero bytes after `prefix`; `format`: raw DEFLATE or zlib
 * @returns a stream that inflates to `prefix` and then at least `zeros` zeros (1 + 258·k of them)
 */
export function zeroBomb(o: {
  zeros: number;
  prefix?: Uint8Array;
  format: 'raw' | 'zlib';
}): Uint8Array {
  const prefix = o.prefix ?? new Uint8Array(0);
  const matches = Math.max(0, Math.ceil((o.zeros - 1) / 258));
  const w = new BitWriter(prefix.length + Math.ceil(prefix.length / 0xffff) * 5 + 64 + matches / 4);
  storedBlocks(w, prefix);
  zeroRunBlock(w, matches);
  const raw = w.done();
  if (o.format === 'raw') return raw;
  const out = new Uint8Array(raw.length + 6);
  out.set([0x78, 0x01]); // CMF 32 KiB window, FLG with FCHECK (RFC 1950 §2.2)
  out.set(raw, 2);
  new DataView(out.buffer).setUint32(raw.length + 2, adler32(prefix, 1 + matches * 258));
  return out;
}

/**
 * @param type the four-letter chunk type
 * @param data its data
 * @returns the chunk: length, type, data, CRC over type and data (PNG §5.3)
 */
export function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(
    Uint8Array.from(type, (c) => c.charCodeAt(0)),
    4,
  );
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * @param width pixels
 * @param height rows
 * @returns an IHDR chunk of an 8-bit grey, non-interlaced image
 */
export function ihdr(width: number, height: number): Uint8Array {
  const data = new Uint8Array(13);
  const view = new DataView(data.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  data.set([8, 0, 0, 0, 0], 8); // depth 8, grey, deflate, adaptive filtering, no interlace
  return pngChunk('IHDR', data);
}

/**
 * @param chunks the chunks after the signature (IEND is added)
 * @returns a PNG file
 */
export function pngFile(chunks: readonly Uint8Array[]): Uint8Array {
  const all = [
    Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
    ...chunks,
    pngChunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(all.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of all) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** One entry of `zipFile`: its stored bytes and what the directory says about them. */
export interface TestZipEntry {
  readonly name: string;
  /** The bytes as stored (already deflated for method 8). */
  readonly data: Uint8Array;
  /** 0 stored, 8 deflate. */
  readonly method: 0 | 8;
  /** The uncompressed size the zip declares (a bomb declares little and inflates to much). */
  readonly size: number;
}

/**
 * A zip (APPNOTE 6.3.10 §4.3) whose directory says whatever the entries claim: local headers,
 * data, central directory, end record. CRCs are 0 (the reader does not check them).
 * @param entries the entries
 * @returns the zip file
 */
export function zipFile(entries: readonly TestZipEntry[]): Uint8Array<ArrayBuffer> {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = new TextEncoder().encode(e.name);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(8, e.method, true);
    lv.setUint32(18, e.data.length, true);
    lv.setUint32(22, e.size, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const dir = new Uint8Array(46 + name.length);
    const dv = new DataView(dir.buffer);
    dv.setUint32(0, 0x02014b50, true);
    dv.setUint16(10, e.method, true);
    dv.setUint32(20, e.data.length, true);
    dv.setUint32(24, e.size, true);
    dv.setUint16(28, name.length, true);
    dv.setUint32(42, offset, true);
    dir.set(name, 46);
    parts.push(local, e.data);
    central.push(dir);
    offset += local.length + e.data.length;
  }
  const dirSize = central.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, dirSize, true);
  ev.setUint32(16, offset, true);
  const all = [...parts, ...central, end];
  const out = new Uint8Array(all.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of all) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
