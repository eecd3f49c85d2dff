/**
 * Parse a DICOM file with dicomParser and read the attributes the decoder and the UI need.
 *
 * PS3.10 §7.1 (file meta information), PS3.5 §7–8 (data set encoding), PS3.3 C.7.6.3 (Image Pixel
 * module). dicomParser throws strings; every failure here becomes an ImagingError.
 */
import { dicomParser } from './dicomParserLib.ts';
import type { DataSet } from 'dicom-parser';
import { inflateDeflatedDataSet } from './dicomDeflate.ts';
import { corruptError, errorText, ImagingError } from './errors.ts';
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

// dicomParser's words for "the bytes ran out": read past the end, or a position at the length.
const RAN_OUT =
  /overrun|past end|end of buffer|beyond|greater than or equal to 'byteArray' length/i;

/**
 * PS3.10 §7.1: File Meta Information Group Length (0002,0000), UL, explicit VR, right after
 * `DICM`. A file shorter than the meta group it announces was cut inside its header.
 */
function endsInsideMeta(bytes: Uint8Array): boolean {
  if (bytes.length < 144) return true;
  const isGroupLength = bytes[132] === 0x02 && bytes[133] === 0x00 && bytes[134] === 0x00;
  if (!isGroupLength) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return 144 + view.getUint32(140, true) > bytes.length;
}

/**
 * Parse the data set.
 * @param input the file bytes
 * @param hasPreamble false for a stream without the 128-byte preamble and `DICM`
 * @returns the dicomParser data set
 * @throws ImagingError 'truncated' when the bytes end inside the header, else 'corrupt'
 */
export function parseDataSet(input: Uint8Array, hasPreamble: boolean): DataSet {
  const { bytes, guessedTs } = hasPreamble ? { bytes: input } : withPreamble(input);
  try {
    return dicomParser.parseDicom(bytes, {
      // Deflated Explicit VR LE (PS3.5 §A.5): inflated with a cap (dicomDeflate.ts).
      inflater: inflateDeflatedDataSet,
      ...(guessedTs === undefined ? {} : { TransferSyntaxUID: guessedTs }),
    });
  } catch (err) {
    if (err instanceof ImagingError) throw err; // the inflater's own refusals
    // dicomParser throws strings, or `{ exception, dataSet }` when it fails mid data set.
    const inner = (err as { exception?: unknown } | null)?.exception ?? err;
    const text = errorText(inner);
    const detail = text.startsWith('dicomParser') ? text : `dicomParser: ${text}`;
    if (RAN_OUT.test(detail) || (hasPreamble && endsInsideMeta(bytes))) {
      throw new ImagingError(
        'truncated',
        'This DICOM file ends before its header is complete: it was cut short, so copy or export it again in full.',
        { detail: `${detail} (${bytes.length.toLocaleString('en-US')} bytes)`, cause: err },
      );
    }
    throw corruptError('DICOM file', detail, err);
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
 * Why there is no Pixel Data (7FE0,0010): float pixels (not supported); a header that describes
 * an image (Rows and Columns present) in a file that stops before the pixels (cut short, the
 * usual way to get a "header-only" file); or an object that is not an image at all (an SR).
 */
function noPixelData(ds: DataSet, modality: string | undefined): never {
  if ((ds.elements[TAG.floatPixelData] ?? ds.elements[TAG.doubleFloatPixelData]) !== undefined) {
    throw new ImagingError(
      'unsupported-pixel-layout',
      'This DICOM file stores floating-point pixels, which cannot be read; export it as an integer image.',
      { detail: 'Float Pixel Data (7FE0,0008) or Double Float Pixel Data (7FE0,0009)' },
    );
  }
  const rows = ds.uint16(TAG.rows);
  const columns = ds.uint16(TAG.columns);
  if (rows !== undefined && columns !== undefined) {
    throw new ImagingError(
      'truncated',
      `This DICOM file ends before its pixel data: the header describes a ${columns} × ${rows} image but the file stops there, so copy or export it again in full.`,
      {
        detail: `no Pixel Data (7FE0,0010) after ${Object.keys(ds.elements).length} elements; the file is ${ds.byteArray.length.toLocaleString('en-US')} bytes`,
      },
    );
  }
  const what = modality ? ` (Modality ${modality})` : '';
  throw new ImagingError(
    'no-pixel-data',
    `This DICOM file holds no image${what}: it is a document or other non-image object, so there is nothing to analyse.`,
    {
      detail: `no Pixel Data (7FE0,0010); SOP Class UID ${text(ds, TAG.sopClassUid) ?? 'absent'}`,
    },
  );
}

/**
 * Read the header fields of an image. Throws `no-pixel-data` for files without (7FE0,0010).
 * @param ds a parsed data set
 * @returns the header, with defaults from PS3.3 C.7.6.3 where an attribute is absent
 */
export function readHeader(ds: DataSet): DicomHeader {
  const transferSyntaxUid = text(ds, TAG.transferSyntaxUid) ?? IMPLICIT_LE;
  const modality = text(ds, TAG.modality);
  if (ds.elements[TAG.pixelData] === undefined) noPixelData(ds, modality);
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
