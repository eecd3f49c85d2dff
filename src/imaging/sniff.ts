/**
 * Detect a file's format from its first bytes, never from its name.
 *
 * After Squoosh `sniffMimeType`: an `as const` magic table and a union type derived from it.
 * DICOM is the exception the table cannot express (the magic sits at byte 128; PS3.10 §7.1), so it
 * is checked first, together with a narrow test for preamble-less DICOM streams.
 */

/** Magic numbers at offset 0. `null` in a pattern is a wildcard byte. */
const MAGIC = [
  { format: 'png', pattern: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { format: 'jpeg', pattern: [0xff, 0xd8, 0xff] },
  { format: 'pdf', pattern: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { format: 'zip', pattern: [0x50, 0x4b, 0x03, 0x04] },
  { format: 'gzip', pattern: [0x1f, 0x8b] },
  { format: 'gif', pattern: [0x47, 0x49, 0x46, 0x38] }, // GIF8
  { format: 'bmp', pattern: [0x42, 0x4d] }, // BM
  // RIFF....WEBP
  {
    format: 'webp',
    pattern: [0x52, 0x49, 0x46, 0x46, null, null, null, null, 0x57, 0x45, 0x42, 0x50],
  },
  { format: 'tiff', pattern: [0x49, 0x49, 0x2a, 0x00] },
  { format: 'tiff', pattern: [0x4d, 0x4d, 0x00, 0x2a] },
] as const;

/** Everything `sniff` can name. */
export type SniffedFormat = (typeof MAGIC)[number]['format'] | 'dicom' | 'unknown';

/** Formats the decoder handles; the others are recognised only to give a better message. */
export const DECODABLE_FORMATS = ['png', 'jpeg', 'dicom'] as const;

/** Result of sniffing: the format and, for DICOM, whether the 128-byte preamble is present. */
export interface SniffResult {
  readonly format: SniffedFormat;
  readonly dicomPreamble?: boolean;
}

const PREAMBLE = 128;
const DICM = [0x44, 0x49, 0x43, 0x4d];

function matchesAt(
  bytes: Uint8Array,
  offset: number,
  pattern: readonly (number | null)[],
): boolean {
  if (bytes.length < offset + pattern.length) return false;
  return pattern.every((b, i) => b === null || bytes[offset + i] === b);
}

/**
 * A stream without preamble (PS3.10 §7.1 makes the preamble mandatory in files, but raw network
 * datasets omit it) starts with a group 0002 or 0008 element. We accept it only when byte 0–1 are
 * group 0x0002 or 0x0008 (little endian) and bytes 4–5 are an explicit VR of two upper-case
 * letters, or, for implicit VR, a 4-byte length below 1 KiB: header elements are short.
 */
function looksLikeBareDicom(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false;
  const group = (bytes[0] ?? 0) | ((bytes[1] ?? 0) << 8);
  if (group !== 0x0002 && group !== 0x0008) return false;
  const v0 = bytes[4] ?? 0;
  const v1 = bytes[5] ?? 0;
  const isUpper = (c: number): boolean => c >= 0x41 && c <= 0x5a;
  if (isUpper(v0) && isUpper(v1)) return true;
  const len = v0 | (v1 << 8) | ((bytes[6] ?? 0) << 16) | ((bytes[7] ?? 0) << 24);
  return len >= 0 && len < 1024;
}

/**
 * Identify a file by content.
 * @param input the file's bytes (only the first 132 are read)
 * @returns the format, `unknown` when nothing matches
 */
export function sniff(input: ArrayBuffer | Uint8Array): SniffResult {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (matchesAt(bytes, PREAMBLE, DICM)) return { format: 'dicom', dicomPreamble: true };
  for (const { format, pattern } of MAGIC) {
    if (matchesAt(bytes, 0, pattern)) return { format };
  }
  if (looksLikeBareDicom(bytes)) return { format: 'dicom', dicomPreamble: false };
  return { format: 'unknown' };
}
