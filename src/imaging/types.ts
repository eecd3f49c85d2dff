/**
 * Types shared by the imaging core: what a decoder returns and what the UI may show.
 *
 * Pure data, no code. Everything here is structured-cloneable (plain objects and typed arrays),
 * so a decoded image can cross the worker boundary as is.
 */
import type { TransferSyntaxUid } from './transferSyntax.ts';

/** The container formats the decoder accepts. */
export type SourceFormat = 'png' | 'jpeg' | 'dicom';

/** Stored sample arrays, as the codec produced them (before any rescale or window). */
export type PixelArray = Uint8Array | Uint16Array | Int16Array | Float32Array;

/** PS3.3 C.7.6.3.1.2 photometric interpretations this core can turn into grey. */
export type Photometric = 'MONOCHROME1' | 'MONOCHROME2' | 'RGB';

/** One identifying attribute the file carries, for a collapsed privacy panel. Never exported. */
export interface IdentifyingTag {
  /** `GGGG,EEEE` as printed in PS3.6. */
  readonly tag: string;
  /** PS3.6 keyword, e.g. `PatientName`. */
  readonly keyword: string;
  readonly value: string;
}

/** A DICOM VOI LUT window (PS3.3 C.11.2.1.2), in output (rescaled) units. */
export interface VoiWindow {
  readonly center: number;
  readonly width: number;
}

/** Where the pixels came from and what the header said about them. */
export interface ImageSource {
  readonly format: SourceFormat;
  readonly transferSyntax?: { readonly uid: TransferSyntaxUid | string; readonly name: string };
  readonly modality?: string;
  readonly sopClassUid?: string;
  readonly bodyPartExamined?: string;
  readonly viewPosition?: string;
  readonly studyDescription?: string;
  readonly bitsAllocated?: number;
  /** Number of frames in the file; only the first is decoded. */
  readonly frames?: number;
  /** PS3.3 C.7.6.3.1.5 Pixel Representation: true for two's complement samples. */
  readonly signed?: boolean;
  /** Modality LUT (PS3.3 C.11.1.1.2): output = slope × stored + intercept. */
  readonly rescale?: { readonly slope: number; readonly intercept: number };
  /** The first VOI window of the file, when it has one. */
  readonly window?: VoiWindow;
  /** Identifying attributes present in the header (empty for PNG/JPEG). */
  readonly identifying: readonly IdentifyingTag[];
}

/** A decoded image: one frame, samples interleaved (RGBRGB…) when `channels` is 3. */
export interface DecodedImage {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  /** Significant bits per sample (PS3.3 C.7.6.3.1.1 Bits Stored; 8 or 16 for PNG/JPEG). */
  readonly bitsStored: number;
  readonly data: PixelArray;
  readonly photometric: Photometric;
  readonly source: ImageSource;
  /** Human-readable remarks about the decode (multi-frame, dropped alpha, …). */
  readonly notes: readonly string[];
}

/** A single-channel image with samples in [0, 1], ready for display or a model. */
export interface GreyImage {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}
