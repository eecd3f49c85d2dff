/**
 * The same radiograph in three containers gives the same probabilities: a 16-bit PNG, an
 * uncompressed 16-bit DICOM and an RLE-compressed 16-bit DICOM, all made here from the NIH DICOM
 * in test-data with its values confined to a 15-bit sub-range (6,341 + 100 × v: 16-bit exports
 * often use only part of the range). No VOI window in any of them: each container must window
 * by the values the file holds, never by its nominal range. Through the worker's own inference
 * path (decode, grey, OOD, eval transform, model), with a fixed-seed model.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { encode as encodePng } from 'fast-png';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../imaging/decode.ts';
import { imagePixelElements, writeDicom } from '../../imaging/testing/dicomWriter.ts';
import type { TestElement } from '../../imaging/testing/dicomWriter.ts';
import { rleFrame } from '../../imaging/testing/packBits.ts';
import { XRAYS_DIR } from '../../test/testData.ts';
import { createModel, disposeAllModels } from '../models/models.ts';
import { predictImages } from './inference.ts';
import type { FilePrediction, InferenceFile } from './inferenceProtocol.ts';

const SOURCE = 'nih_gcp_dx_chest_cardiomegaly_00000001_000.dcm';
const OFFSET = 6341;
const STEP = 100;

/** The 16-bit values: the 8-bit image spread over 6,341 … 6,341 + 25,500 (15 bits). */
async function subRangeValues(): Promise<{ width: number; height: number; data: Uint16Array }> {
  const eight = await decodeImage(new Uint8Array(readFileSync(path.join(XRAYS_DIR, SOURCE))));
  const data = Uint16Array.from(eight.data, (v) => OFFSET + STEP * v);
  return { width: eight.width, height: eight.height, data };
}

function dicom16(v: { width: number; height: number; data: Uint16Array }, rle: boolean) {
  const elements: TestElement[] = [
    { tag: [0x0008, 0x0060], vr: 'CS', value: 'DX' },
    ...imagePixelElements({ rows: v.height, columns: v.width, bitsAllocated: 16, bitsStored: 16 }),
  ];
  if (rle) {
    const frame = rleFrame(v.data, 1, 2);
    return writeDicom(elements, { transferSyntax: '1.2.840.10008.1.2.5', fragments: [frame] });
  }
  const bytes = new Uint8Array(v.data.buffer.slice(0)); // little-endian host = little-endian file
  return writeDicom([...elements, { tag: [0x7fe0, 0x0010], vr: 'OW', value: bytes }], {
    transferSyntax: '1.2.840.10008.1.2.1',
  });
}

const file = (name: string, bytes: Uint8Array): InferenceFile => ({
  name,
  bytes: bytes.slice().buffer,
});

const probabilities = (r: FilePrediction | undefined): readonly number[] => {
  if (r?.status !== 'ok') throw new Error(`${r?.name}: ${r?.error?.sentence}`);
  return r.predictions[0]?.probabilities ?? [];
};

const maxDiff = (a: readonly number[], b: readonly number[]): number =>
  Math.max(...a.map((x, i) => Math.abs(x - (b[i] ?? NaN))));

let results: FilePrediction[] = [];

beforeAll(async () => {
  await tf.setBackend('cpu');
  createModel({
    arch: 'resnet18',
    unitsRemoved: 2,
    numClasses: 5,
    init: 'random',
    inputSize: 96,
    seed: 20210106,
    id: 'fixed-seed',
  });
  const v = await subRangeValues();
  const png16 = encodePng({
    width: v.width,
    height: v.height,
    data: v.data,
    depth: 16,
    channels: 1,
  });
  // What the old windowing did to the PNG (0–65,535 mapped to 0–1), as an 8-bit image: the
  // model must tell it apart, or agreement above would prove nothing.
  const squeezed = Uint8Array.from(v.data, (x) => Math.round((x * 255) / 65535));
  const oldPng = encodePng({
    width: v.width,
    height: v.height,
    data: squeezed,
    depth: 8,
    channels: 1,
  });
  results = await predictImages(
    [
      file('png16', png16),
      file('dicom16', dicom16(v, false)),
      file('dicom16-rle', dicom16(v, true)),
      file('dicom8', new Uint8Array(readFileSync(path.join(XRAYS_DIR, SOURCE)))),
      file('png16-as-once-windowed', oldPng),
    ],
    ['fixed-seed'],
    { saliency: false },
  );
}, 120_000);

afterAll(() => disposeAllModels());

describe('one radiograph as a 16-bit PNG, a DICOM and an RLE DICOM', () => {
  it('reads the PNG as the 15-bit image it is', () => {
    const png = results[0];
    expect(png?.image?.bitsStored).toBe(15);
    expect(png?.image?.notes).toContain(
      '16-bit PNG whose values (6,341–31,841) use 15 bits: read as 15-bit',
    );
    expect(results[2]?.image?.transferSyntax).toMatch(/^RLE Lossless/);
  });

  it('gives the same probabilities in every container (within 0.01)', () => {
    const [png, dcm, rle, dcm8] = results.slice(0, 4).map(probabilities);
    if (!png || !dcm || !rle || !dcm8) throw new Error('missing results');
    expect(png).toHaveLength(5);
    expect(maxDiff(png, dcm)).toBeLessThanOrEqual(0.01);
    expect(maxDiff(png, rle)).toBeLessThanOrEqual(0.01);
    expect(maxDiff(dcm, rle)).toBeLessThanOrEqual(0.01);
    // and close to the 8-bit original it was made from (same image, robust window vs 0–255)
    expect(maxDiff(png, dcm8)).toBeLessThanOrEqual(0.01);
  });

  it('uses a model that does respond to grey levels (the old windowing moves it)', () => {
    const png = probabilities(results[0]);
    const old = probabilities(results[4]);
    expect(maxDiff(png, old)).toBeGreaterThan(0.01);
    expect(Math.max(...png) - Math.min(...png)).toBeGreaterThan(0.001); // not one constant output
  });
});
