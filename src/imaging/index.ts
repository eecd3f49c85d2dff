/**
 * Public API of the imaging core (DOM-free: runs in the worker and in Node).
 * Must not import ui, state, client, worker or anything that touches the DOM.
 */
export { decodeImage } from './decode.ts';
export { ImagingError } from './errors.ts';
export type { ImagingErrorCode } from './errors.ts';
export { sniff } from './sniff.ts';
export type { SniffedFormat, SniffResult } from './sniff.ts';
export { toGreyFloat, voiLinear, ROBUST_PERCENTILES } from './grey.ts';
export type { WindowChoice } from './grey.ts';
export { checkOutOfDistribution } from './ood.ts';
export type { OodCode, OodReason, OodResult } from './ood.ts';
export { centerCrop, resizeShorterSide, thumbnail, toModelInput } from './preprocess.ts';
export type { ModelInput, ModelInputSpec } from './preprocess.ts';
export { TRANSFER_SYNTAXES, describeTransferSyntax } from './transferSyntax.ts';
export type { TransferSyntaxUid } from './transferSyntax.ts';
export type {
  DecodedImage,
  GreyImage,
  IdentifyingTag,
  ImageSource,
  Photometric,
  PixelArray,
  SourceFormat,
  VoiWindow,
} from './types.ts';
