/**
 * Operand decoding for the pickle machine (`pickle.ts`): a bounds-checked byte reader and the
 * protocol-0/1 text forms. Encodings: CPython `Lib/pickletools.py` (`ArgumentDescriptor`s).
 * Its limits (`PICKLE_LIMITS`) are checked before anything is built, so a crafted pickle costs
 * time and memory in proportion to the limits, never to what it claims.
 */
import type { ReaderLimits } from '../../refusal/readerLimits.ts';
import { torchFail } from './torchErrors.ts';

/**
 * What one pickle may cost. A legitimate checkpoint is far below every number (measured on the
 * fixtures: a whole pickled TorchXRayVision DenseNet-121, the largest, has a 148 kB `data.pkl`
 * and costs 70,000 nodes as counted below; a ResNet-50 state dict 11,000). Past any: TOO_COMPLEX.
 */
export const PICKLE_LIMITS = {
  maxNodes: {
    value: 2_500_000,
    unit: 'values built plus items copied (pushes, dict and list items, BUILD attributes, call arguments)',
    why: "35x a whole pickled DenseNet-121's count; a pickle that reuses memoised containers to copy them again and again (quadratic work from a few kilobytes) stops here, at a few hundred megabytes and a few seconds at worst",
  },
  maxLongBytes: {
    value: 4096,
    unit: 'bytes of one LONG1/LONG4 integer',
    why: "torch.save writes none longer than 10 (the legacy magic number), so 4 kB is past any integer a checkpoint holds; a longer operand would reach V8's BigInt ceiling (about 128 MB) with an internal error",
  },
  maxTextIntDigits: {
    value: 4300,
    unit: 'digits of one protocol-0 INT/LONG text integer',
    why: "CPython's own default limit on int/str conversion (sys.int_info.default_max_str_digits, CVE-2020-10735), which exists because decimal conversion is quadratic in the digits",
  },
} as const satisfies ReaderLimits;

/** Byte reader over one buffer; any read past the end is TRUNCATED. */
export class Reader {
  pos: number;
  readonly bytes: Uint8Array;
  private readonly view: DataView;

  /**
   * @param bytes the buffer
   * @param start first byte to read
   */
  constructor(bytes: Uint8Array, start: number) {
    this.bytes = bytes;
    this.pos = start;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  need(n: number): number {
    if (!Number.isSafeInteger(n) || n < 0 || this.pos + n > this.bytes.byteLength)
      torchFail('TRUNCATED', `the pickle ends at byte ${this.bytes.byteLength}, inside an opcode`);
    const at = this.pos;
    this.pos += n;
    return at;
  }
  u8 = (): number => this.view.getUint8(this.need(1));
  u16 = (): number => this.view.getUint16(this.need(2), true);
  i32 = (): number => this.view.getInt32(this.need(4), true);
  u32 = (): number => this.view.getUint32(this.need(4), true);
  u64 = (): number => {
    const at = this.need(8);
    const n = this.view.getUint32(at + 4, true) * 2 ** 32 + this.view.getUint32(at, true);
    if (!Number.isSafeInteger(n)) torchFail('BAD_PICKLE', 'a 64-bit length exceeds 2^53');
    return n;
  };
  f64be = (): number => this.view.getFloat64(this.need(8), false);
  take = (n: number): Uint8Array => this.bytes.subarray(this.need(n), this.pos);
  utf8 = (n: number): string => new TextDecoder('utf-8').decode(this.take(n));
  /** A protocol-0 text line without its '\n'. */
  line(): string {
    const end = this.bytes.indexOf(0x0a, this.pos);
    if (end < 0) torchFail('TRUNCATED', 'a text opcode has no end of line');
    const s = new TextDecoder('latin1').decode(this.bytes.subarray(this.pos, end));
    this.pos = end + 1;
    return s;
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * LONG1/LONG4 payload: little-endian two's complement. Linear time: the bytes become one hex
 * string that BigInt parses in one pass (shifting a BigInt byte by byte is quadratic).
 * @param b the payload
 * @returns the integer (a number when it is safe)
 * @throws TorchCheckpointError TOO_COMPLEX past `PICKLE_LIMITS.maxLongBytes`
 */
export function decodeLong(b: Uint8Array): number | bigint {
  if (b.length === 0) return 0;
  if (b.length > PICKLE_LIMITS.maxLongBytes.value)
    torchFail(
      'TOO_COMPLEX',
      `a ${b.length}-byte integer (the limit is ${PICKLE_LIMITS.maxLongBytes.value} bytes)`,
    );
  const digits = new Array<string>(b.length);
  for (let i = 0; i < b.length; i++) digits[i] = HEX[b[b.length - 1 - i] ?? 0] ?? '00';
  let v = BigInt(`0x${digits.join('')}`);
  if ((b[b.length - 1] ?? 0) & 0x80) v -= 1n << BigInt(8 * b.length);
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(v)
    : v;
}

/** Protocol-0 quoted STRING operand: strip the quotes (escapes are kept as written). */
export function unquote(s: string): string {
  const q = s[0];
  if ((q === "'" || q === '"') && s.length >= 2 && s.endsWith(q)) return s.slice(1, -1);
  return torchFail('BAD_PICKLE', 'STRING operand is not quoted');
}

/** Protocol-0 INT / LONG operands ("I01\n" is True, "L5L\n" a long). */
export function textInt(s: string): number | bigint | boolean {
  if (s === '01') return true;
  if (s === '00') return false;
  const t = s.endsWith('L') ? s.slice(0, -1) : s;
  if (t.length > PICKLE_LIMITS.maxTextIntDigits.value + 1)
    return torchFail(
      'TOO_COMPLEX',
      `a ${t.length}-digit integer (the limit is ${PICKLE_LIMITS.maxTextIntDigits.value} digits)`,
    );
  if (!/^[+-]?\d+$/.test(t)) return torchFail('BAD_PICKLE', `bad integer "${s.slice(0, 40)}"`);
  const v = BigInt(t);
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(v)
    : v;
}

/** @returns a protocol-0/1 byte string's bytes as a string (Python 2 `str` read as latin-1) */
export const latin1 = (b: Uint8Array): string => new TextDecoder('latin1').decode(b);

/**
 * @param s a protocol-0 PUT/GET operand
 * @returns the memo index
 */
export function memoIndex(s: string): number {
  const n = Number(s);
  return Number.isSafeInteger(n) && n >= 0 ? n : torchFail('BAD_PICKLE', `bad memo index "${s}"`);
}
