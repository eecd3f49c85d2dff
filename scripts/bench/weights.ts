/**
 * Weight loading cost for the largest models (ResNet-101, 178.6 MB; InceptionV4, 171 MB): parse
 * the safetensors file, match it against the architecture, write every tensor into the tf.layers
 * model; wall time per step and memory growth. Synthetic weights at full size, written by the
 * same writer the tests use (no network). Node, tfjs CPU backend.
 *
 *   node --import tsx scripts/bench/weights.ts
 */
import * as tf from '@tensorflow/tfjs';
import { pathToFileURL } from 'node:url';
import { buildModel } from '../../src/zoo/build.ts';
import { loadWeights } from '../../src/zoo/weights/load.ts';
import { matchWeights } from '../../src/zoo/weights/match.ts';
import { parseSafetensors, writeSafetensors } from '../../src/zoo/weights/safetensors.ts';
import { syntheticStateDict } from '../../src/zoo/weights/synthetic.ts';

/** One architecture's load measurement. */
export interface WeightsBenchRow {
  arch: string;
  fileMb: number;
  tensors: number;
  parseMs: number;
  matchMs: number;
  /** layout conversion + variable writes (load total minus its own match step). */
  assignMs: number;
  totalMs: number;
  /** Growth during the load, MB (the file's bytes were already held, as after a download). */
  rssMb: number;
  heapUsedMb: number;
  arrayBuffersMb: number;
  /** tf.memory().numBytes after the load minus before, MB (the new weights replace zeros). */
  tfMb: number;
  /** Peak resident set of the whole process so far (includes generating the file), MB. */
  maxRssMb: number;
}

const MB = 1e6;
const now = (): number => performance.now();

function measure(arch: string): WeightsBenchRow {
  const bytes = writeSafetensors(syntheticStateDict(arch, 'timm'));
  const model = buildModel(arch, { numClasses: 1000, initializer: 'zeros' });
  (globalThis as { gc?: () => void }).gc?.();
  const m0 = process.memoryUsage();
  const tf0 = tf.memory().numBytes;
  const t0 = now();
  const file = parseSafetensors(bytes);
  const t1 = now();
  matchWeights(arch, file, { numClasses: 1000 });
  const t2 = now();
  const report = loadWeights(model, arch, file, { numClasses: 1000 });
  const t3 = now();
  const m1 = process.memoryUsage();
  const row: WeightsBenchRow = {
    arch,
    fileMb: bytes.byteLength / MB,
    tensors: report.loaded,
    parseMs: t1 - t0,
    matchMs: t2 - t1,
    assignMs: t3 - t2 - (t2 - t1),
    totalMs: t1 - t0 + (t3 - t2),
    rssMb: (m1.rss - m0.rss) / MB,
    heapUsedMb: (m1.heapUsed - m0.heapUsed) / MB,
    arrayBuffersMb: (m1.arrayBuffers - m0.arrayBuffers) / MB,
    tfMb: (tf.memory().numBytes - tf0) / MB,
    maxRssMb: (process.resourceUsage().maxRSS * 1024) / MB,
  };
  model.dispose();
  return row;
}

/**
 * Measures and prints the table.
 * @returns the rows, for bench-results/latest.json
 */
export async function benchWeights(): Promise<{ backend: string; rows: WeightsBenchRow[] }> {
  await tf.setBackend('cpu');
  const rows = ['resnet101', 'inception_v4'].map(measure);
  const f = (v: number): string => v.toFixed(1);
  console.log('\nWeight loading (safetensors -> tf.layers, Node, tfjs cpu; total = parse + load)');
  console.table(
    rows.map((r) => ({
      arch: r.arch,
      'file MB': f(r.fileMb),
      tensors: r.tensors,
      'parse ms': f(r.parseMs),
      'match ms': f(r.matchMs),
      'assign ms': f(r.assignMs),
      'total ms': f(r.totalMs),
      'ΔRSS MB': f(r.rssMb),
      'Δheap MB': f(r.heapUsedMb),
      'ΔArrayBuffers MB': f(r.arrayBuffersMb),
      'Δtf MB': f(r.tfMb),
      'max RSS MB': f(r.maxRssMb),
    })),
  );
  return { backend: tf.getBackend(), rows };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchWeights();
