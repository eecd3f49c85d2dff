/**
 * The zip layer of a `torch.save` archive: the central directory is listed, and only the entries
 * the reader asks for are read. A stored entry (torch.save stores, never compresses) is a view of
 * the file's bytes; a deflated one (a checkpoint re-zipped by another tool) is inflated in small
 * pushes into a buffer of its declared size, with the running total checked as it streams, so
 * an entry that inflates past its declared size, or past `CHECKPOINT_LIMITS`' budget, is refused
 * before it can take the memory it claims. Pure: no tf, no DOM.
 *
 * Spec: PKWARE APPNOTE.TXT 6.3.10: end of central directory 4.3.16, zip64 end record and locator
 * 4.3.14-4.3.15, central directory header 4.3.12, local file header 4.3.7, zip64 extra field
 * 4.5.3. The inflating is src/imaging/inflate.ts (fflate in slices, capped as it streams, as for
 * PNG, DICOM and dataset zips); fflate's own `unzipSync` is not used because it inflates every
 * entry, each into a buffer of the size the entry declares.
 */
import { inflateInto, InflateLimitError, isFlateError } from '../../imaging/inflate.ts';
import { torchFail } from './torchErrors.ts';
import { CHECKPOINT_LIMITS } from './torchLimits.ts';

const END = 0x06054b50;
const END64 = 0x06064b50;
const LOCATOR64 = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const U32 = 0xffffffff;

/** One entry of the central directory. */
interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

/** The file as a little-endian reader whose reads past the end are TRUNCATED. */
class Bytes {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  check(at: number, n: number): void {
    if (!Number.isSafeInteger(at) || at < 0 || at + n > this.bytes.byteLength)
      torchFail('TRUNCATED', `the zip archive ends before byte ${at + n}`);
  }
  u16 = (at: number): number => (this.check(at, 2), this.view.getUint16(at, true));
  u32 = (at: number): number => (this.check(at, 4), this.view.getUint32(at, true));
  u64 = (at: number): number => this.u32(at) + this.u32(at + 4) * 2 ** 32;
}

/** @returns where the directory starts and how many entries it has (zip64 when flagged) */
function directory(b: Bytes): { offset: number; count: number } {
  const n = b.bytes.byteLength;
  let end = -1;
  // the end record lies in the last 65,557 bytes (22 + the longest comment)
  for (let at = n - 22; at >= Math.max(0, n - 65_557) && end < 0; at--)
    if (b.view.getUint32(at, true) === END) end = at;
  if (end < 0)
    torchFail('TRUNCATED', 'the zip archive has no end record (an incomplete download?)');
  let count = b.u16(end + 10);
  let offset = b.u32(end + 16);
  if (end >= 20 && b.u32(end - 20) === LOCATOR64) {
    const at64 = b.u64(end - 12);
    if (b.u32(at64) !== END64) torchFail('BAD_ZIP', 'the zip64 end record is missing');
    count = b.u64(at64 + 32);
    offset = b.u64(at64 + 48);
  }
  if (count > CHECKPOINT_LIMITS.maxZipEntries.value)
    torchFail(
      'TOO_COMPLEX',
      `the zip archive lists ${count} entries (the limit is ${CHECKPOINT_LIMITS.maxZipEntries.value})`,
    );
  return { offset, count };
}

/** Zip64 extra field (APPNOTE 4.5.3): 64-bit values for the fields that read 0xFFFFFFFF. */
function zip64Sizes(
  b: Bytes,
  at: number,
  length: number,
  sizes: { size: number; compressedSize: number; localOffset: number },
): void {
  for (let p = at; p + 4 <= at + length;) {
    const id = b.u16(p);
    const len = b.u16(p + 2);
    if (id === 0x0001) {
      let q = p + 4;
      for (const key of ['size', 'compressedSize', 'localOffset'] as const)
        if (sizes[key] === U32) {
          sizes[key] = b.u64(q);
          q += 8;
        }
    }
    p += 4 + len;
  }
}

function listEntries(b: Bytes): Map<string, ZipEntry> {
  const { offset, count } = directory(b);
  const entries = new Map<string, ZipEntry>();
  const decoder = new TextDecoder();
  for (let i = 0, at = offset; i < count; i++) {
    if (b.u32(at) !== CENTRAL) torchFail('BAD_ZIP', `central directory entry ${i} is damaged`);
    const nameLength = b.u16(at + 28);
    const extraLength = b.u16(at + 30);
    b.check(at + 46, nameLength + extraLength);
    const name = decoder.decode(b.bytes.subarray(at + 46, at + 46 + nameLength));
    const sizes = {
      compressedSize: b.u32(at + 20),
      size: b.u32(at + 24),
      localOffset: b.u32(at + 42),
    };
    zip64Sizes(b, at + 46 + nameLength, extraLength, sizes);
    // two entries of one name: which one a reader takes differs between tools, so neither
    if (entries.has(name)) torchFail('BAD_ZIP', `the zip archive holds "${name}" twice`);
    entries.set(name, { name, method: b.u16(at + 10), flags: b.u16(at + 8), ...sizes });
    at += 46 + nameLength + extraLength + b.u16(at + 32);
  }
  return entries;
}

/** Running inflation budget over every entry read (`CHECKPOINT_LIMITS`). */
interface Budget {
  inflated: number;
  compressed: number;
}

/** @returns the bytes an entry may still inflate to, given what was read so far */
function allowance(budget: Budget, compressedSize: number): number {
  const byRatio =
    CHECKPOINT_LIMITS.inflateFreeBytes.value +
    CHECKPOINT_LIMITS.maxInflateRatio.value * (budget.compressed + compressedSize);
  return Math.min(CHECKPOINT_LIMITS.maxInflatedBytes.value, byRatio) - budget.inflated;
}

/**
 * Inflates `data` into exactly `size` bytes (the capped inflater every reader shares), refusing
 * as soon as the output would pass it.
 * @returns the inflated bytes
 */
function inflateCapped(data: Uint8Array, size: number, name: string): Uint8Array {
  let out: Uint8Array;
  try {
    out = inflateInto(data, 'raw', size);
  } catch (e) {
    if (e instanceof InflateLimitError)
      torchFail('INFLATE_LIMIT', `"${name}" inflates past the ${size} bytes it declares`);
    if (isFlateError(e)) torchFail('BAD_ZIP', `"${name}" cannot be inflated (${e.message})`);
    throw e;
  }
  if (out.length !== size)
    torchFail('BAD_ZIP', `"${name}" inflates to ${out.length} bytes, ${size} declared`);
  return out;
}

/** A torch.save archive whose entries are read on request, within `CHECKPOINT_LIMITS`. */
export class TorchZip {
  readonly names: readonly string[];
  private readonly b: Bytes;
  private readonly entries: Map<string, ZipEntry>;
  private readonly budget: Budget = { inflated: 0, compressed: 0 };

  /** @param bytes the archive */
  constructor(bytes: Uint8Array) {
    this.b = new Bytes(bytes);
    this.entries = listEntries(this.b);
    this.names = [...this.entries.keys()];
  }

  /**
   * @param name an entry's full name
   * @param maxBytes the most this entry may inflate to (its storage's size, or the pickle
   *   limit); a stored entry is a view of the file and costs nothing, so its size is the
   *   caller's to check
   * @returns its bytes (a view of the file when stored), or undefined when there is no such entry
   * @throws TorchCheckpointError BAD_ZIP, TRUNCATED, UNSUPPORTED_FORMAT, TOO_LARGE, INFLATE_LIMIT
   */
  read(name: string, maxBytes: number): Uint8Array | undefined {
    const e = this.entries.get(name);
    if (e === undefined) return undefined;
    if (e.flags & 1) torchFail('UNSUPPORTED_FORMAT', `"${name}" is encrypted`);
    const at = e.localOffset;
    if (this.b.u32(at) !== LOCAL) torchFail('BAD_ZIP', `the local header of "${name}" is damaged`);
    const start = at + 30 + this.b.u16(at + 26) + this.b.u16(at + 28);
    this.b.check(start, e.compressedSize);
    const data = this.b.bytes.subarray(start, start + e.compressedSize);
    if (e.method === 0) {
      if (e.compressedSize !== e.size)
        torchFail('BAD_ZIP', `stored entry "${name}" has two different sizes`);
      return data;
    }
    if (e.method !== 8)
      torchFail('UNSUPPORTED_FORMAT', `"${name}" uses zip compression method ${e.method}`);
    if (e.size > maxBytes)
      torchFail('TOO_LARGE', `"${name}" declares ${e.size} bytes, at most ${maxBytes} are read`);
    if (e.size > allowance(this.budget, e.compressedSize))
      torchFail(
        'INFLATE_LIMIT',
        `"${name}" would inflate ${e.compressedSize} bytes to ${e.size}, past the budget (${CHECKPOINT_LIMITS.maxInflateRatio.value}:1 after ${CHECKPOINT_LIMITS.inflateFreeBytes.value} bytes, ${CHECKPOINT_LIMITS.maxInflatedBytes.value} in all)`,
      );
    this.budget.compressed += e.compressedSize;
    this.budget.inflated += e.size;
    return inflateCapped(data, e.size, name);
  }
}
