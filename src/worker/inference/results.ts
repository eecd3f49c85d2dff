/**
 * The plain-data parts of an inference result (inferenceProtocol.ts): the image summary, saliency
 * maps split per finding, probabilities, and the error entry of a file that failed. No tfjs.
 */
import { errorText, isRefusal, toRefusal } from '../../refusal/refusal.ts';
import type { DecodedImage } from '../../imaging/index.ts';
import type { FilePrediction, ImageSummary, SaliencyMap } from './inferenceProtocol.ts';
import { findingName } from './modelInputs.ts';

/** Numerically stable logistic function. */
export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** What the file said about itself, as plain data. */
export function summarise(image: DecodedImage): ImageSummary {
  const { source } = image;
  return {
    width: image.width,
    height: image.height,
    bitsStored: image.bitsStored,
    photometric: image.photometric,
    format: source.format,
    ...(source.transferSyntax === undefined
      ? {}
      : { transferSyntax: `${source.transferSyntax.name} (${source.transferSyntax.uid})` }),
    ...(source.modality === undefined ? {} : { modality: source.modality }),
    notes: [...image.notes],
    identifyingTags: source.identifying.map((t) => ({ ...t })),
  };
}

/** [K, side, side] maps → one SaliencyMap per labelled output, each its own buffer (transferable). */
export function splitMaps(
  maps: Float32Array,
  side: number,
  method: string,
  outputs: readonly string[],
): SaliencyMap[] {
  const n = side * side;
  return outputs.flatMap((task, k) =>
    task === ''
      ? []
      : [
          {
            task: findingName(task),
            width: side,
            height: side,
            data: maps.slice(k * n, (k + 1) * n),
            method,
          },
        ],
  );
}

/** A failed file: the decoder's refusal as plain data, or 'processing-failed' for anything else. */
export function errorEntry(name: string, err: unknown): FilePrediction {
  const error = isRefusal(err)
    ? toRefusal(err)
    : {
        code: 'processing-failed',
        kind: 'bad-input' as const,
        sentence: 'This file could not be processed; the other files are not affected.',
        detail: errorText(err),
      };
  return { name, status: 'error', error, predictions: [] };
}
