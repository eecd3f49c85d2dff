/**
 * X-ray inference benchmark, in Node on the tfjs WASM backend (the worker's inference default):
 * - decode time per format (PNG, JPEG, and each DICOM transfer syntax in test-data/xrays);
 * - decode + preprocess of a 1024×1024 chest X-ray vs the model's own forward pass, for a full
 *   and a truncated DenseNet-121 (target: decode + preprocess < inference), with Grad-CAM;
 * - the peak number of full-resolution images held during a 50-file batch, read from the
 *   pipeline's own counter (`fullResolutionGauge`), not estimated.
 *
 *   node --import tsx -e "import('./scripts/bench/inference.ts').then((m) => m.benchInference())"
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { decodeImage, toGreyFloat, toModelInput } from '../../src/imaging/index.ts';
import {
  fullResolutionGauge,
  inputSpecOf,
  predictImages,
} from '../../src/worker/inference/inference.ts';
import type { InferenceFile } from '../../src/worker/inference/inferenceProtocol.ts';
import { medianOf } from '../../src/worker/inference/latency.ts';
import { createModel, disposeModel, getModel } from '../../src/worker/models/models.ts';
import { XRAYS_DIR } from '../../src/test/testData.ts';

/** What `benchInference` measured. */
export interface InferenceBenchReport {
  readonly backend: string;
  readonly decodeMs: readonly { format: string; file: string; pixels: string; medianMs: number }[];
  readonly pipeline: readonly {
    model: string;
    decodePreprocessMs: number;
    inferenceMs: number;
    /** predictImages on the one file: decode, OOD checks, thumbnail, preprocess, forward. */
    endToEndMs: number;
    /** The same with Grad-CAM maps for the 5 tasks. */
    endToEndCamMs: number;
    ratio: number;
  }[];
  readonly batch: { files: number; errors: number; peakFullResolution: number; msPerFile: number };
}

const XRAYS = XRAYS_DIR;
const CHEST_1024 = 'nih_00000001_000.png';

const bytesOf = (name: string): ArrayBuffer => {
  const buf = readFileSync(path.join(XRAYS, name));
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
};

async function medianMs(runs: number, f: () => Promise<unknown> | unknown): Promise<number> {
  await f(); // warm-up: lazy codec imports, WASM compilation, kernel caches
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    times.push(performance.now() - t0);
  }
  return medianOf(times);
}

/** Median decode time of every decodable shared file, labelled by format / transfer syntax. */
async function benchDecode(): Promise<InferenceBenchReport['decodeMs']> {
  const rows = [];
  for (const name of readdirSync(XRAYS).filter((f) => /\.(png|jpe?g|dcm)$/i.test(f))) {
    const bytes = new Uint8Array(bytesOf(name));
    let image;
    try {
      image = await decodeImage(bytes);
    } catch {
      continue; // e.g. the SR without pixel data
    }
    const ts = image.source.transferSyntax;
    const format = ts === undefined ? image.source.format.toUpperCase() : `DICOM ${ts.name}`;
    const ms = await medianMs(3, () => decodeImage(bytes));
    rows.push({ format, file: name, pixels: `${image.width}×${image.height}`, medianMs: ms });
  }
  return rows;
}

/** Decode + preprocess of the 1024² chest vs forward pass (and with Grad-CAM) of one model. */
async function benchPipeline(arch: string, unitsRemoved: number) {
  const id = `bench-${arch}-k${unitsRemoved}`;
  const info = createModel({ arch, unitsRemoved, numClasses: 5, init: 'random', id });
  const spec = inputSpecOf(info);
  const bytes = new Uint8Array(bytesOf(CHEST_1024));
  const decodePreprocessMs = await medianMs(5, async () =>
    toModelInput(toGreyFloat(await decodeImage(bytes)), spec),
  );
  const input = toModelInput(toGreyFloat(await decodeImage(bytes)), spec);
  const model = getModel(id)?.model;
  if (model === undefined) throw new Error('model not registered');
  const inferenceMs = await medianMs(5, async () => {
    const y = tf.tidy(() => model.predict(tf.tensor4d(input.data, [...input.shape])) as tf.Tensor);
    await y.data();
    y.dispose();
  });
  const file = [{ name: CHEST_1024, bytes: bytesOf(CHEST_1024) }];
  const endToEndMs = await medianMs(3, () => predictImages(file, [id], { saliency: false }));
  const endToEndCamMs = await medianMs(3, () => predictImages(file, [id], {}));
  disposeModel(id);
  return {
    model: `${arch}${unitsRemoved ? ` −${unitsRemoved} units` : ' (full)'} @${info.inputSize}`,
    decodePreprocessMs,
    inferenceMs,
    endToEndMs,
    endToEndCamMs,
    ratio: decodePreprocessMs / inferenceMs,
  };
}

/** 50 files (the shared set repeated, bad files included) through a small model, with CAMs. */
async function benchBatch(): Promise<InferenceBenchReport['batch']> {
  const names = readdirSync(XRAYS).filter((f) => /\.(png|jpe?g|dcm)$/i.test(f));
  const files: InferenceFile[] = [];
  for (let i = 0; i < 50; i++) {
    const name = names[i % names.length] ?? '';
    files.push({ name: `${i}-${name}`, bytes: bytesOf(name) });
  }
  const info = createModel({
    arch: 'resnet18',
    unitsRemoved: 4,
    numClasses: 5,
    init: 'random',
    id: 'bench-batch',
  });
  fullResolutionGauge.reset();
  const t0 = performance.now();
  const results = await predictImages(files, [info.id], {});
  const msPerFile = (performance.now() - t0) / files.length;
  disposeModel(info.id);
  return {
    files: files.length,
    errors: results.filter((r) => r.status === 'error').length,
    peakFullResolution: fullResolutionGauge.peak,
    msPerFile,
  };
}

/**
 * Runs the inference benchmark on the WASM backend and prints its tables.
 * @returns the numbers, for bench-results/latest.json
 */
export async function benchInference(): Promise<InferenceBenchReport> {
  await tf.setBackend('wasm');
  await tf.ready();
  const decodeMs = await benchDecode();
  const pipeline = [await benchPipeline('densenet121', 0), await benchPipeline('densenet121', 30)];
  const batch = await benchBatch();
  const report = { backend: tf.getBackend(), decodeMs, pipeline, batch };
  printInference(report);
  return report;
}

/** @param report what benchInference measured */
export function printInference(report: InferenceBenchReport): void {
  const ms = (v: number): string => `${v.toFixed(1)} ms`;
  console.log(`\n== X-ray inference (Node, tfjs ${report.backend}) ==`);
  console.table(report.decodeMs.map((r) => ({ ...r, medianMs: ms(r.medianMs) })));
  console.table(
    report.pipeline.map((p) => ({
      model: p.model,
      'decode+preprocess': ms(p.decodePreprocessMs),
      inference: ms(p.inferenceMs),
      'predictImages (no CAM)': ms(p.endToEndMs),
      'predictImages (+Grad-CAM)': ms(p.endToEndCamMs),
      'ratio (target < 1)': p.ratio.toFixed(2),
    })),
  );
  const b = report.batch;
  console.log(
    `50-file batch: ${b.errors} error entries, peak full-resolution images held ${b.peakFullResolution}, ${ms(b.msPerFile)} per file`,
  );
}
