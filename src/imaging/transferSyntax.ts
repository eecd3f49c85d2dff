/**
 * DICOM transfer syntaxes (PS3.6 Annex A) and which codec, if any, decodes each.
 *
 * DATA ONLY. `codec` names a lazily loaded module in ./codecs; `null` means "known, not supported".
 */

/** How the pixel data of a transfer syntax is stored. */
export type PixelCodec =
  'native' | 'deflate' | 'jpeg-baseline' | 'jpeg-lossless' | 'jpeg2000' | 'rle' | null;

/** PS3.6 Annex A: UID → name (as the standard spells it) and the codec that decodes it. */
export const TRANSFER_SYNTAXES = {
  '1.2.840.10008.1.2': { name: 'Implicit VR Little Endian', codec: 'native' },
  '1.2.840.10008.1.2.1': { name: 'Explicit VR Little Endian', codec: 'native' },
  '1.2.840.10008.1.2.1.99': { name: 'Deflated Explicit VR Little Endian', codec: 'deflate' },
  '1.2.840.10008.1.2.2': { name: 'Explicit VR Big Endian (retired)', codec: 'native' },
  '1.2.840.10008.1.2.4.50': { name: 'JPEG Baseline (Process 1)', codec: 'jpeg-baseline' },
  '1.2.840.10008.1.2.4.51': { name: 'JPEG Extended (Process 2 & 4)', codec: 'jpeg-baseline' },
  '1.2.840.10008.1.2.4.57': {
    name: 'JPEG Lossless, Non-Hierarchical (Process 14)',
    codec: 'jpeg-lossless',
  },
  '1.2.840.10008.1.2.4.70': {
    name: 'JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])',
    codec: 'jpeg-lossless',
  },
  '1.2.840.10008.1.2.4.80': { name: 'JPEG-LS Lossless', codec: null },
  '1.2.840.10008.1.2.4.81': { name: 'JPEG-LS Near-Lossless', codec: null },
  '1.2.840.10008.1.2.4.90': {
    name: 'JPEG 2000 Image Compression (Lossless Only)',
    codec: 'jpeg2000',
  },
  '1.2.840.10008.1.2.4.91': { name: 'JPEG 2000 Image Compression', codec: 'jpeg2000' },
  '1.2.840.10008.1.2.4.201': { name: 'High-Throughput JPEG 2000 (Lossless Only)', codec: null },
  '1.2.840.10008.1.2.4.203': { name: 'High-Throughput JPEG 2000', codec: null },
  '1.2.840.10008.1.2.4.100': { name: 'MPEG2 Main Profile / Main Level', codec: null },
  '1.2.840.10008.1.2.4.102': { name: 'MPEG-4 AVC/H.264 High Profile / Level 4.1', codec: null },
  '1.2.840.10008.1.2.5': { name: 'RLE Lossless', codec: 'rle' },
} as const satisfies Record<string, { name: string; codec: PixelCodec }>;

/** A transfer syntax UID this table knows. */
export type TransferSyntaxUid = keyof typeof TRANSFER_SYNTAXES;

/**
 * Look a transfer syntax up.
 * @param uid the (0002,0010) value, trailing NUL/space padding already removed
 * @returns its name and codec; unknown UIDs get the name "unknown transfer syntax" and no codec
 */
export function describeTransferSyntax(uid: string): { name: string; codec: PixelCodec } {
  const known = (TRANSFER_SYNTAXES as Record<string, { name: string; codec: PixelCodec }>)[uid];
  return known ?? { name: 'unknown transfer syntax', codec: null };
}
