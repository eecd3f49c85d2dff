/**
 * Parse a DICOM file with dicomParser and read the attributes the decoder and the UI need.
 *
 * PS3.10 §7.1 (file meta information), PS3.5 §7–8 (data set encoding), PS3.3 C.7.6.3 (Image Pixel
 * module). dicomParser throws strings; every failure here becomes an ImagingError.
 */
import { dicomParser } from './dicomParserLib.ts';
import type { DataSet } from 'dicom-parser';
import { inflateSync } from 'fflate';
import { ImagingError, wrapDecodeError } from './errors.ts';
import { IDENTIFYING_TAGS, TAG } from './dicomTags.ts';
import { describeTransferSyntax } from './transferSyntax.ts';
import type { IdentifyingTag, VoiWindow } from './types.ts';

/** The Image Pixel module and friends, read once. */
export interface DicomHeader {
  readonly transferSyntaxUid: string;
  readonly transferSyntaxName: string;
  readonly modality?: string;
  readonly sopClassUid?: string;
  readonly bodyPartExamined?: string;
  readonly viewPosition?: string;
  readonly studyDescription?: string;
  readonly rows: number;
  readonly columns: number;
  readonly samplesPerPixel: number;
  readonly photometric: string;
  readonly planarConfiguration: number;
  readonly frames: number;
  readonly bitsAllocated: number;
  readonly bitsStored: number;
  readonly signed: boolean;
  readonly rescale?: { slope: number; intercept: number };
  readonly window?: VoiWindow;
  readonly identifying: IdentifyingTag[];
}

const IMPLICIT_LE = '1.2.840.10008.1.2';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';

/** Deflated Explicit VR LE (PS3.5 §A.5): everything after the file meta is raw DEFLATE. */
function inflater(bytes: Uint8Array, position: number): Uint8Array {
  const inflated = inflateSync(bytes.subarray(position));
  const full = new Uint8Array(position + inflated.length);
  full.set(bytes.subarray(0, position), 0);
  full.set(inflated, position);
  return full;
}

/**
 * A preamble-less stream (see sniff.ts) that starts with file meta (group 0002) is a Part 10 file
 * without its first 132 bytes: put them back. One that starts at group 0008 has no meta, so its
 * transfer syntax is guessed from the VR bytes (explicit VR has two letters at offset 4).
 */
function withPreamble(bytes: Uint8Array): { bytes: Uint8Array; guessedTs?: string } {
  if (bytes[0] === 0x02 && bytes[1] === 0x00) {
    const full = new Uint8Array(132 + bytes.length);
    full.set([0x44, 0x49, 0x43, 0x4d], 128);
    full.set(bytes, 132);
    return { bytes: full };
  }
  const explicit = /^[A-Z]{2}$/.test(String.fromCharCode(bytes[4] ?? 0, bytes[5] ?? 0));
  return { bytes, guessedTs: explicit ? EXPLICIT_LE : IMPLICIT_LE };
}

/**
 * Parse the data set.
 * @param input the file bytes
 * @param hasPreamble false for a stream without the 128-byte preamble and `DICM`
 * @returns the dicomParser data set
 */
export function parseDataSet(input: Uint8Array, hasPreamble: boolean): DataSet {
  const { bytes, guessedTs } = hasPreamble ? { bytes: input } : withPreamble(input);
  try {
    return dicomParser.parseDicom(bytes, {
      inflater,
      ...(guessedTs === undefined ? {} : { TransferSyntaxUID: guessedTs }),
    });
  } catch (err) {
    // dicomParser throws strings, or `{ exception, dataSet }` when it fails mid data set.
    const inner = (err as { exception?: unknown } | null)?.exception ?? err;
    const message = inner instanceof Error ? inner.message : String(inner);
    if (/overrun|past end|end of buffer|beyond/i.test(message)) {
      throw new ImagingError('truncated', `DICOM file ends early (${message})`, err);
    }
    throw wrapDecodeError('DICOM', new Error(message));
  }
}

function text(ds: DataSet, tag: string): string | undefined {
  const value = ds.string(tag)?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** First value of a multi-valued DS (PS3.5 §6.2: backslash-separated). */
function firstNumber(ds: DataSet, tag: string): number | undefined {
  const value = text(ds, tag)?.split('\\')[0];
  const n = value === undefined ? NaN : Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function readRescale(ds: DataSet): { slope: number; intercept: number } | undefined {
  const slope = firstNumber(ds, TAG.rescaleSlope);
  const intercept = firstNumber(ds, TAG.rescaleIntercept);
  if (slope === undefined && intercept === undefined) return undefined;
  // A slope of 0 would erase the image; PS3.3 C.11.1.1.2 requires a real slope, so treat 0 as 1.
  return { slope: slope === undefined || slope === 0 ? 1 : slope, intercept: intercept ?? 0 };
}

function readWindow(ds: DataSet): VoiWindow | undefined {
  const center = firstNumber(ds, TAG.windowCenter);
  const width = firstNumber(ds, TAG.windowWidth);
  // PS3.3 C.11.2.1.2: Window Width shall be ≥ 1.
  if (center === undefined || width === undefined || width < 1) return undefined;
  return { center, width };
}

function readIdentifying(ds: DataSet): IdentifyingTag[] {
  const found: IdentifyingTag[] = [];
  for (const { tag, keyword } of IDENTIFYING_TAGS) {
    const value = text(ds, tag);
    if (value === undefined) continue;
    const printed = `${tag.slice(1, 5)},${tag.slice(5, 9)}`.toUpperCase();
    found.push({ tag: printed, keyword, value });
  }
  return found;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/**
 * Read the header fields of an image. Throws `no-pixel-data` for files without (7FE0,0010).
 * @param ds a parsed data set
 * @returns the header, with defaults from PS3.3 C.7.6.3 where an attribute is absent
 */
export function readHeader(ds: DataSet): DicomHeader {
  const transferSyntaxUid = text(ds, TAG.transferSyntaxUid) ?? IMPLICIT_LE;
  const modality = text(ds, TAG.modality);
  if (ds.elements[TAG.pixelData] === undefined) {
    const kind = ds.elements[TAG.floatPixelData] ?? ds.elements[TAG.doubleFloatPixelData];
    if (kind !== undefined) {
      throw new ImagingError('unsupported-pixel-layout', 'Float Pixel Data is not supported');
    }
    throw new ImagingError(
      'no-pixel-data',
      `This DICOM file has no Pixel Data (7FE0,0010)${modality ? `: it is a ${modality} object, not an image` : ''}`,
    );
  }
  return {
    transferSyntaxUid,
    transferSyntaxName: describeTransferSyntax(transferSyntaxUid).name,
    ...optional('modality', modality),
    ...optional('sopClassUid', text(ds, TAG.sopClassUid)),
    ...optional('bodyPartExamined', text(ds, TAG.bodyPartExamined)),
    ...optional('viewPosition', text(ds, TAG.viewPosition)),
    ...optional('studyDescription', text(ds, TAG.studyDescription)),
    rows: ds.uint16(TAG.rows) ?? 0,
    columns: ds.uint16(TAG.columns) ?? 0,
    samplesPerPixel: ds.uint16(TAG.samplesPerPixel) ?? 1,
    photometric: text(ds, TAG.photometric) ?? 'MONOCHROME2',
    planarConfiguration: ds.uint16(TAG.planarConfiguration) ?? 0,
    frames: Math.max(1, ds.intString(TAG.numberOfFrames) ?? 1),
    bitsAllocated: ds.uint16(TAG.bitsAllocated) ?? 16,
    bitsStored: ds.uint16(TAG.bitsStored) ?? ds.uint16(TAG.bitsAllocated) ?? 16,
    signed: ds.uint16(TAG.pixelRepresentation) === 1,
    ...optional('rescale', readRescale(ds)),
    ...optional('window', readWindow(ds)),
    identifying: readIdentifying(ds),
  };
}
