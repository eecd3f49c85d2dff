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
import { inflateSync } from 'fflate';
import type { FileStore } from './trainSources.ts';

/** What the store needs of a Blob (a wrapper can count or restrict the bytes read). */
export type RandomAccessBlob = Pick<Blob, 'size' | 'slice'>;

/** A zip that cannot be read, with a message for people. */
export class ZipError extends Error {
  override readonly name = 'ZipError';
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
  const view = await bytesAt(zip, offset, offset + size);
  if (size > 0 && view.getUint32(0, true) !== CENTRAL_SIG)
    throw new ZipError('Corrupt zip: no central directory where the end record points.');
  return parseDirectory(view);
}

/**
 * @param zip the zip
 * @param entry one of its entries
 * @returns the entry's bytes, inflated
 * @throws ZipError for encrypted entries, unknown methods and corrupt data
 */
export async function readZipEntry(zip: RandomAccessBlob, entry: ZipEntry): Promise<Uint8Array> {
  if (entry.encrypted)
    throw new ZipError(`${entry.name} is encrypted; encrypted zips are not read.`);
  if (entry.method !== 0 && entry.method !== 8)
    throw new ZipError(
      `${entry.name} uses compression method ${entry.method} (only stored/deflate).`,
    );
  const local = await bytesAt(zip, entry.localOffset, entry.localOffset + 30);
  if (local.getUint32(0, true) !== LOCAL_SIG)
    throw new ZipError(`Corrupt zip: no local header for ${entry.name}.`);
  const start = entry.localOffset + 30 + local.getUint16(26, true) + local.getUint16(28, true);
  const raw = new Uint8Array((await bytesAt(zip, start, start + entry.compressedSize)).buffer);
  let data: Uint8Array;
  try {
    data = entry.method === 0 ? raw : inflateSync(raw, { out: new Uint8Array(entry.size) });
  } catch (error) {
    throw new ZipError(`Corrupt zip entry ${entry.name}: ${String(error)}`);
  }
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
