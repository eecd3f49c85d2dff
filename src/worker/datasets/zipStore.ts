/**
 * A zip read with random access on a Blob: the central directory is sliced and parsed once, and
 * each entry is sliced (local header, then its compressed bytes) and inflated only when asked
 * for. The zip itself is never held in memory, which matters for CheXpert-v1.0-small.zip (11 GB).
 *
 * Why hand-written: fflate (already a dependency, for inflate) has no random access on a Blob,
 * and a second zip library would duplicate it for the ~100 lines below. ZIP64 is handled, not
 * refused, because the CheXpert zip needs it (more than 65 535 entries, more than 4 GB).
 * Encrypted entries and methods other than stored/deflate are refused when read, by name.
 */
import { inflateInto, InflateLimitError, isFlateError } from '../../imaging/inflate.ts';
import { RefusalError } from '../../refusal/refusal.ts';
import { bytesText, type ReaderLimits } from '../../refusal/readerLimits.ts';
import type { FileStore } from './trainSources.ts';

/** What the store needs of a Blob (a wrapper can count or restrict the bytes read). */
export type RandomAccessBlob = Pick<Blob, 'size' | 'slice'>;

/** The dataset zip reader's budget, checked before anything of that size is allocated. */
export const ZIP_LIMITS = {
  directoryBytes: {
    value: 256 * 1024 * 1024,
    unit: 'bytes of central directory',
    why: "the directory is read whole: CheXpert-v1.0-small's 224,316 entries take about 25 MB, so 256 MB is ten times that, and a zip claiming a larger one is refused before it is sliced",
  },
  entryBytes: {
    value: 640 * 1024 * 1024,
    unit: 'bytes per entry read, inflated',
    why: 'entries read are label CSVs (CheXpert train.csv 26 MB) and images; the largest image the decoder accepts is a 100-megapixel RGB 16-bit DICOM (600 MB), so 640 MB holds it with its header; an entry is inflated into a buffer of its declared size (never more) and only when it is read',
  },
} as const satisfies ReaderLimits;

/** Why a zip (or one of its entries) cannot be read. */
export type ZipErrorCode = 'zip-unreadable' | 'zip-too-large' | 'zip-bomb' | 'zip-unsupported';

/** A zip that cannot be read: a refusal (bad input) whose detail is the technical reason. */
export class ZipError extends RefusalError<ZipErrorCode> {
  override readonly name = 'ZipError';

  /**
   * @param detail what exactly is wrong (entry names, sizes)
   * @param code machine-readable reason (default: the zip or entry is damaged or cut short)
   * @param sentence one plain sentence for people (default: check that it is a complete zip)
   */
  constructor(detail: string, code: ZipErrorCode = 'zip-unreadable', sentence?: string) {
    super(
      'bad-input',
      code,
      sentence ?? 'This zip file cannot be read: check that it is a complete .zip file.',
      { detail },
    );
  }
}

/** One file entry of the central directory. */
export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly encrypted: boolean;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
const U32_MAX = 0xffffffff;
const utf8 = new TextDecoder();

async function bytesAt(blob: RandomAccessBlob, start: number, end: number): Promise<DataView> {
  const buf = await blob.slice(start, end).arrayBuffer();
  if (buf.byteLength !== end - start) throw new ZipError('The zip file ends early (truncated?).');
  return new DataView(buf);
}

function u64(view: DataView, at: number): number {
  return Number(view.getBigUint64(at, true));
}

/** Finds the central directory: offset and size, following the ZIP64 record when present. */
async function findDirectory(blob: RandomAccessBlob): Promise<{ offset: number; size: number }> {
  if (blob.size < EOCD_SIZE) throw new ZipError('Not a zip file (too short).');
  // Most zips have no comment: look in the last kilobyte first, then in the largest tail.
  let found: { tail: DataView; tailStart: number; at: number } | null = null;
  for (const span of [EOCD_SIZE + 1024, EOCD_SIZE + MAX_COMMENT]) {
    const tailStart = Math.max(0, blob.size - span);
    const tail = await bytesAt(blob, tailStart, blob.size);
    let at = tail.byteLength - EOCD_SIZE;
    while (at >= 0 && tail.getUint32(at, true) !== EOCD_SIG) at--;
    if (at >= 0) found = { tail, tailStart, at };
    if (found || tailStart === 0) break;
  }
  if (!found) throw new ZipError('Not a zip file (no end-of-central-directory record).');
  const { tail, tailStart, at } = found;
  const size = tail.getUint32(at + 12, true);
  const offset = tail.getUint32(at + 16, true);
  const locatorAt = tailStart + at - 20;
  if (locatorAt >= 0) {
    const locator = await bytesAt(blob, locatorAt, locatorAt + 20);
    if (locator.getUint32(0, true) === ZIP64_LOCATOR_SIG) {
      const recordAt = u64(locator, 8);
      const record = await bytesAt(blob, recordAt, recordAt + 56);
      if (record.getUint32(0, true) !== ZIP64_EOCD_SIG)
        throw new ZipError('Corrupt zip: the ZIP64 end-of-central-directory record is missing.');
      return { size: u64(record, 40), offset: u64(record, 48) };
    }
  }
  if (offset + size > blob.size) throw new ZipError('Corrupt zip: the directory is out of range.');
  return { offset, size };
}

/** Refuses a central directory over the limit before it is sliced. */
function checkDirectorySize(size: number): void {
  const limit = ZIP_LIMITS.directoryBytes.value;
  if (size <= limit) return;
  throw new ZipError(
    `central directory of ${size.toLocaleString('en-US')} bytes; limit ${limit.toLocaleString('en-US')}`,
    'zip-too-large',
    `This zip's list of files is ${bytesText(size)}, more than the ${bytesText(limit)} a dataset zip needs: check that it is the dataset's zip.`,
  );
}

/** Reads the ZIP64 extra field (id 1): the 64-bit values of the fields that are 0xFFFFFFFF. */
function zip64Values(view: DataView, start: number, length: number, wanted: number): number[] {
  for (let at = start; at + 4 <= start + length;) {
    const id = view.getUint16(at, true);
    const len = view.getUint16(at + 2, true);
    if (id === 1) {
      return Array.from({ length: Math.min(wanted, len / 8) }, (_, i) => u64(view, at + 4 + 8 * i));
    }
    at += 4 + len;
  }
  throw new ZipError('Corrupt zip: a ZIP64 entry has no ZIP64 extra field.');
}

function parseDirectory(view: DataView): ZipEntry[] {
  const entries: ZipEntry[] = [];
  for (let at = 0; at + 46 <= view.byteLength;) {
    if (view.getUint32(at, true) !== CENTRAL_SIG) break;
    const [nameLen, extraLen, commentLen] = [28, 30, 32].map((o) => view.getUint16(at + o, true));
    const name = utf8.decode(new Uint8Array(view.buffer, view.byteOffset + at + 46, nameLen ?? 0));
    let fields = [24, 20, 42].map((o) => view.getUint32(at + o, true)); // size, compressed, offset
    const big = fields.filter((v) => v === U32_MAX).length;
    if (big > 0) {
      const values = zip64Values(view, at + 46 + (nameLen ?? 0), extraLen ?? 0, big);
      fields = fields.map((v) => (v === U32_MAX ? (values.shift() ?? v) : v));
    }
    const [size = 0, compressedSize = 0, localOffset = 0] = fields;
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    if (!name.endsWith('/'))
      entries.push({
        name,
        method,
        encrypted: (flags & 1) === 1,
        compressedSize,
        size,
        localOffset,
      });
    at += 46 + (nameLen ?? 0) + (extraLen ?? 0) + (commentLen ?? 0);
  }
  return entries;
}

/**
 * @param zip the zip (a File, a Blob or anything with `size` and `slice`)
 * @returns its file entries (folders left out), read from the central directory only
 * @throws ZipError when the zip is not a zip or its directory is corrupt
 */
export async function readZipDirectory(zip: RandomAccessBlob): Promise<ZipEntry[]> {
  const { offset, size } = await findDirectory(zip);
  checkDirectorySize(size);
  const view = await bytesAt(zip, offset, offset + size);
  if (size > 0 && view.getUint32(0, true) !== CENTRAL_SIG)
    throw new ZipError('Corrupt zip: no central directory where the end record points.');
  return parseDirectory(view);
}

/** Refuses, before reading it, an entry that is encrypted, of an unknown method or too large. */
function checkEntry(entry: ZipEntry): void {
  if (entry.encrypted)
    throw new ZipError(
      `${entry.name} is encrypted; encrypted zips are not read.`,
      'zip-unsupported',
      'This zip is encrypted, which this app does not read: zip the dataset again without a password.',
    );
  if (entry.method !== 0 && entry.method !== 8)
    throw new ZipError(
      `${entry.name} uses compression method ${entry.method} (only stored/deflate).`,
      'zip-unsupported',
      'This zip uses a compression method this app does not read: zip the dataset again with the usual (deflate) compression.',
    );
  const limit = ZIP_LIMITS.entryBytes.value;
  // DEFLATE never grows data by more than 5 bytes per 16 KiB stored block (RFC 1951 §3.2.4).
  const largest = Math.max(
    entry.size,
    entry.compressedSize - Math.ceil(entry.size / 16384) * 5 - 64,
  );
  if (largest > limit)
    throw new ZipError(
      `${entry.name}: ${entry.size.toLocaleString('en-US')} bytes (${entry.compressedSize.toLocaleString('en-US')} compressed); limit ${limit.toLocaleString('en-US')} per entry`,
      'zip-too-large',
      `${entry.name} in the zip is ${bytesText(largest)}, more than the ${bytesText(limit)} a dataset file may be: remove it from the zip or reduce it.`,
    );
}

/** Inflates an entry into a buffer of its declared size, refusing it the moment it would pass it. */
function inflateEntry(raw: Uint8Array, entry: ZipEntry): Uint8Array {
  try {
    return inflateInto(raw, 'raw', entry.size);
  } catch (error) {
    if (error instanceof InflateLimitError)
      throw new ZipError(
        `${entry.name}: inflated past its declared ${entry.size.toLocaleString('en-US')} bytes`,
        'zip-bomb',
        `${entry.name} in the zip expands to more than the size the zip declares for it (a decompression bomb), so it was not read: zip the dataset again.`,
      );
    if (isFlateError(error))
      throw new ZipError(`Corrupt zip entry ${entry.name}: ${error.message}`);
    throw error;
  }
}

/**
 * @param zip the zip
 * @param entry one of its entries
 * @returns the entry's bytes, inflated
 * @throws ZipError for encrypted entries, unknown methods and corrupt data
 */
export async function readZipEntry(zip: RandomAccessBlob, entry: ZipEntry): Promise<Uint8Array> {
  checkEntry(entry);
  const local = await bytesAt(zip, entry.localOffset, entry.localOffset + 30);
  if (local.getUint32(0, true) !== LOCAL_SIG)
    throw new ZipError(`Corrupt zip: no local header for ${entry.name}.`);
  const start = entry.localOffset + 30 + local.getUint16(26, true) + local.getUint16(28, true);
  const raw = new Uint8Array((await bytesAt(zip, start, start + entry.compressedSize)).buffer);
  const data = entry.method === 0 ? raw : inflateEntry(raw, entry);
  if (data.length !== entry.size)
    throw new ZipError(
      `Corrupt zip entry ${entry.name}: ${data.length} bytes, expected ${entry.size}.`,
    );
  return data;
}

/**
 * @param zip the zip file
 * @returns a store keyed by entry name; each read slices and inflates that entry only
 * @throws ZipError when the zip's directory cannot be read
 */
export async function zipStore(zip: RandomAccessBlob): Promise<FileStore> {
  const entries = new Map((await readZipDirectory(zip)).map((e) => [e.name, e] as const));
  return {
    paths: [...entries.keys()],
    read(path) {
      const entry = entries.get(path);
      if (!entry) return Promise.reject(new Error(`no zip entry ${path}`));
      return readZipEntry(zip, entry);
    },
  };
}
