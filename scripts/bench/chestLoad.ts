/**
 * One checkpoint load, alone in its process so its peak memory is its own (chest.ts runs it):
 *   node --expose-gc --import tsx scripts/bench/chestLoad.ts FILE.pt [label]
 * Prints one JSON line: time per step and the peak resident set the load added above the
 * process holding the file's bytes (as after a download). tfjs CPU backend.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../../src/zoo/build.ts';
import { chestCandidates, detectModel } from '../../src/zoo/weights/detect.ts';
import { loadWeights } from '../../src/zoo/weights/load.ts';
import { readTorchCheckpoint } from '../../src/zoo/weights/torchCheckpoint.ts';

/** What one load cost. */
export interface ChestLoadRow {
  readonly label: string;
  readonly fileMb: number;
  readonly readMs: number;
  readonly detectMs: number;
  readonly buildMs: number;
  readonly loadMs: number;
  readonly totalMs: number;
  /** max RSS after the load minus RSS before it (file already in memory), MB. */
  readonly peakRssAddedMb: number;
  /** tfjs memory held by the loaded model, MB. */
  readonly tfMb: number;
}

async function main(): Promise<void> {
  const [file, given] = process.argv.slice(2);
  if (file === undefined) throw new Error('usage: chestLoad.ts FILE.pt [label]');
  const label = given ?? file;
  await tf.setBackend('cpu');
  const bytes = new Uint8Array(readFileSync(file));
  (globalThis as { gc?: () => void }).gc?.();
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  const ckpt = readTorchCheckpoint(bytes);
  const t1 = performance.now();
  const d = detectModel(ckpt.file.tensors);
  if (d === null) throw new Error('no network detected');
  const chest = chestCandidates(d)[0];
  const t2 = performance.now();
  const model = buildModel(d.arch, {
    numClasses: d.numClasses,
    inChannels: d.inChannels,
    inputSize: chest?.inputSize.value ?? 224,
  });
  const t3 = performance.now();
  const tensors = new Map([...ckpt.file.tensors].filter(([k]) => k !== 'op_threshs'));
  const opts = { numClasses: d.numClasses, inChannels: d.inChannels };
  loadWeights(model, d.arch, { ...ckpt.file, tensors }, opts);
  const t4 = performance.now();
  const row: ChestLoadRow = {
    label,
    fileMb: bytes.byteLength / 1e6,
    readMs: t1 - t0,
    detectMs: t2 - t1,
    buildMs: t3 - t2,
    loadMs: t4 - t3,
    totalMs: t4 - t0,
    peakRssAddedMb: (process.resourceUsage().maxRSS * 1024 - rss0) / 1e6,
    tfMb: tf.memory().numBytes / 1e6,
  };
  model.dispose();
  console.log(JSON.stringify(row));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
