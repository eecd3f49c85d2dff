/**
 * Pixel Data (7FE0,0010) of the first frame into samples: native (PS3.5 §8.1.1) or encapsulated
 * (PS3.5 §8.2, Annex A.4), with the codec for the transfer syntax imported on demand.
 */
import type { DataSet, Element } from 'dicom-parser';
import { dicomParser } from './dicomParserLib.ts';
import { corruptError, ImagingError, truncatedError, wrapDecodeError } from './errors.ts';
import type { DicomHeader } from './dicomHeader.ts';
import { describeTransferSyntax } from './transferSyntax.ts';

/** Samples of one frame as the codec produced them, interleaved, before any colour conversion. */
export interface FrameSamples {
  readonly data: Uint8Array | Uint16Array | Int16Array;
  /** True when a codec already turned YBR into RGB. */
  readonly colourConverted: boolean;
}

const BIG_ENDIAN = '1.2.840.10008.1.2.2';

function unsupported(h: DicomHeader): ImagingError {
  return new ImagingError(
    'unsupported-transfer-syntax',
    `This DICOM file is encoded as ${h.transferSyntaxName}, which this app cannot decode; export it uncompressed or as JPEG, JPEG 2000 or RLE.`,
    { detail: `Transfer Syntax UID (0002,0010) = ${h.transferSyntaxUid}` },
  );
}

/** 16-bit samples in an aligned array; swaps bytes for Explicit VR Big Endian (PS3.5 §A.3). */
function words(bytes: Uint8Array, bigEndian: boolean, signed: boolean): Uint16Array | Int16Array {
  const copy = bytes.slice(); // aligned, and detached from the file buffer
  if (bigEndian) {
    for (let i = 0; i + 1 < copy.length; i += 2) {
      const hi = copy[i] ?? 0;
      copy[i] = copy[i + 1] ?? 0;
      copy[i + 1] = hi;
    }
  }
  // Typed arrays use the platform's byte order; every browser and Node target is little endian.
  return signed ? new Int16Array(copy.buffer) : new Uint16Array(copy.buffer);
}

function nativeFrame(ds: DataSet, el: Element, h: DicomHeader): FrameSamples {
  const frameBytes = (h.rows * h.columns * h.samplesPerPixel * h.bitsAllocated) / 8;
  const end = el.dataOffset + frameBytes;
  if (end > ds.byteArray.length || el.length < frameBytes) {
    throw truncatedError(
      'DICOM file',
      `Pixel Data (7FE0,0010) holds ${Math.min(el.length, ds.byteArray.length - el.dataOffset)} bytes, the first frame needs ${frameBytes}`,
    );
  }
  const bytes = ds.byteArray.subarray(el.dataOffset, end);
  if (h.bitsAllocated === 8) return { data: bytes.slice(), colourConverted: false };
  return {
    data: words(bytes, h.transferSyntaxUid === BIG_ENDIAN, h.signed),
    colourConverted: false,
  };
}

/** PS3.5 A.4: the first frame is all fragments (one frame), or located by the offset table. */
function encapsulatedFrame(ds: DataSet, el: Element, h: DicomHeader, isJpeg: boolean): Uint8Array {
  const fragments = el.fragments ?? [];
  if (fragments.length === 0)
    throw truncatedError('DICOM file', 'the encapsulated Pixel Data (7FE0,0010) has no fragments');
  try {
    if (h.frames === 1)
      return dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, 0, fragments.length);
    if ((el.basicOffsetTable ?? []).length > 0)
      return dicomParser.readEncapsulatedImageFrame(ds, el, 0);
    if (fragments.length === h.frames)
      return dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, 0, 1);
    if (isJpeg) {
      const table = dicomParser.createJPEGBasicOffsetTable(ds, el);
      return dicomParser.readEncapsulatedImageFrame(ds, el, 0, table);
    }
  } catch (err) {
    throw wrapDecodeError('DICOM file', 'dicomParser (encapsulated Pixel Data)', err);
  }
  throw new ImagingError(
    'unsupported-pixel-layout',
    'This multi-frame DICOM file does not say where its first frame ends, so it cannot be read; export the frame on its own.',
    { detail: `${fragments.length} fragments for ${h.frames} frames and no Basic Offset Table` },
  );
}

function signedView(
  data: Uint8Array | Uint16Array | Int16Array,
  signed: boolean,
): FrameSamples['data'] {
  if (data instanceof Uint8Array) return data;
  if (signed && data instanceof Uint16Array)
    return new Int16Array(data.buffer, data.byteOffset, data.length);
  if (!signed && data instanceof Int16Array)
    return new Uint16Array(data.buffer, data.byteOffset, data.length);
  return data;
}

function checkSize(what: string, width: number, height: number, h: DicomHeader): void {
  if (width !== h.columns || height !== h.rows) {
    throw corruptError(
      'DICOM file',
      `its ${what} is ${width} × ${height} but the header says ${h.columns} × ${h.rows}`,
    );
  }
}

async function decodeCompressed(
  frame: Uint8Array,
  h: DicomHeader,
  codec: string,
): Promise<FrameSamples> {
  const pixels = h.rows * h.columns;
  const bytesPerSample = h.bitsAllocated === 8 ? 1 : 2;
  if (codec === 'rle') {
    const { decodeRle } = await import('./codecs/rle.ts');
    const { data } = decodeRle(frame, pixels, h.samplesPerPixel, bytesPerSample);
    return { data: signedView(data, h.signed), colourConverted: false };
  }
  if (codec === 'jpeg-lossless') {
    const { decodeJpegLossless } = await import('./codecs/jpegLossless.ts');
    const out = decodeJpegLossless(frame, bytesPerSample);
    checkSize('JPEG lossless frame', out.width, out.height, h);
    return { data: signedView(out.data, h.signed), colourConverted: false };
  }
  if (codec === 'jpeg2000') {
    const { decodeJpeg2000 } = await import('./codecs/jpeg2000.ts');
    const out = await decodeJpeg2000(frame);
    checkSize('JPEG 2000 frame', out.width, out.height, h);
    // OpenJPEG applies the inverse component transform (YBR_RCT/ICT → RGB) itself.
    return { data: signedView(out.data, h.signed), colourConverted: true };
  }
  return decodeDctFrame(frame, h);
}

/** DCT JPEG (.50/.51): 8-bit samples with jpeg-js, 12-bit (process 4) with the 12-bit codec. */
async function decodeDctFrame(frame: Uint8Array, h: DicomHeader): Promise<FrameSamples> {
  const { readJpegFrame } = await import('./codecs/jpegFrame.ts');
  if (readJpegFrame(frame).precision === 12) {
    const { decodeJpeg12 } = await import('./codecs/jpeg12.ts');
    const out = decodeJpeg12(frame);
    checkSize('JPEG 12-bit frame', out.width, out.height, h);
    return { data: signedView(out.data, h.signed), colourConverted: false };
  }
  const { decodeJpegDct } = await import('./codecs/jpegBaseline.ts');
  const out = decodeJpegDct(frame);
  checkSize('JPEG frame', out.width, out.height, h);
  return { data: out.data, colourConverted: true };
}

/**
 * Decode the first frame's samples.
 * @param ds the parsed data set
 * @param h its header
 * @returns the samples (8-bit, or 16-bit with the header's signedness)
 */
export async function readFirstFrame(ds: DataSet, h: DicomHeader): Promise<FrameSamples> {
  const el = ds.elements['x7fe00010'];
  if (el === undefined)
    throw new ImagingError('no-pixel-data', 'This DICOM file holds no image.', {
      detail: 'no Pixel Data (7FE0,0010)',
    });
  const { codec } = describeTransferSyntax(h.transferSyntaxUid);
  if (codec === null) throw unsupported(h);
  if (codec === 'native' || codec === 'deflate') {
    if (el.encapsulatedPixelData)
      throw corruptError(
        'DICOM file',
        `${h.transferSyntaxName} is uncompressed, but the Pixel Data is encapsulated (compressed)`,
      );
    return nativeFrame(ds, el, h);
  }
  if (!el.encapsulatedPixelData) {
    throw corruptError(
      'DICOM file',
      `${h.transferSyntaxName} requires encapsulated Pixel Data, the file holds it uncompressed`,
    );
  }
  const frame = encapsulatedFrame(
    ds,
    el,
    h,
    codec === 'jpeg-baseline' || codec === 'jpeg-lossless',
  );
  return decodeCompressed(frame, h, codec);
}
