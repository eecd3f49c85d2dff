/**
 * The 'training' section of `npm run bench` (issue 5): training images/s per backend for a small
 * fixed configuration, the synthetic AUC check, files vs memory, worker vs direct loop, and the
 * longest main-thread task while the Train panel runs. Speed targets are ratios from this run;
 * nothing here is asserted in a test.
 *
 *   BENCH_BACKENDS=webgl,cpu npm run bench -- --only training
 *   node --import tsx scripts/bench/training.ts      # the Node tfjs-cpu reference alone
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import * as tf from '@tensorflow/tfjs';
import { NO_AUGMENT } from '../../src/data/augment.ts';
import { syntheticSource } from '../../src/data/syntheticSource.ts';
import { TRAIN_PRESETS } from '../../src/data/trainDefaults.ts';
import { installFastCpuKernels } from '../../src/worker/backend/cpuKernels.ts';
import type { BackendName, EpochRecord, TrainRequest } from '../../src/worker/protocol.ts';
import { resolveTrainConfig } from '../../src/worker/training/trainConfig.ts';
import { createControl } from '../../src/worker/training/trainControl.ts';
import { trainLoop } from '../../src/worker/training/trainLoop.ts';
import { buildModel } from '../../src/zoo/build.ts';
import { getArch } from '../../src/zoo/registry.ts';
import { unitTable } from '../../src/zoo/analytic.ts';
import { writePhantomFolder } from './phantomFiles.ts';
import {
  directRun,
  panelLongTasks,
  steadyRate,
  workerRun,
  type BrowserRun,
  type LongTaskReport,
} from './trainingBrowser.ts';

const synthetic = (size: number, validationSize: number) =>
  ({ kind: 'synthetic', size, validationSize, seed: 0 }) as const;

/**
 * The synthetic AUC check (issue 5: mean validation AUC ≥ 0.9 within one to two minutes): the
 * Train panel's "Quick synthetic run" preset (src/data/trainDefaults.ts), read from there so the
 * bench measures what the panel offers.
 */
const QUICK = TRAIN_PRESETS.quick;
export const AUC_CHECK = {
  arch: QUICK.arch,
  unitsRemoved: unitTable(QUICK.arch, QUICK.inputSize).units.length - QUICK.keepUnits,
  inputSize: QUICK.inputSize,
  batchSize: QUICK.batchSize,
  epochs: QUICK.epochs,
  learningRate: QUICK.learningRate,
  augment: NO_AUGMENT,
  seed: 0,
  dataset: synthetic(QUICK.synthetic.size, QUICK.synthetic.validationSize),
} satisfies TrainRequest;

/** The throughput configuration: two epochs (the first compiles shaders; the second is timed). */
export const THROUGHPUT = {
  ...AUC_CHECK,
  batchSize: 16,
  epochs: 2,
  dataset: synthetic(64, 32),
} satisfies TrainRequest;

/** tfjs-cpu trains the same model some ten times slower: fewer images, same model and size. */
export const THROUGHPUT_CPU = { ...THROUGHPUT, dataset: synthetic(32, 16) } satisfies TrainRequest;

/** Targets of issue 5. */
export const TARGETS = { auc: 0.9, aucSeconds: 120, filesRatio: 0.9, workerRatio: 0.95 } as const;

/** Node tfjs-cpu reference: the same loop and configuration, no browser. */
export interface NodeReference {
  readonly backend: string;
  readonly epochs: readonly EpochRecord[];
  readonly seconds: number;
}

/**
 * @param request a synthetic request (its model, sizes and epochs are used)
 * @returns the loop's epoch records on Node's tfjs-cpu backend (with the fast CPU kernels)
 */
export async function nodeReference(request: TrainRequest): Promise<NodeReference> {
  const config = resolveTrainConfig(request);
  if (typeof config === 'string') throw new Error(config);
  if (config.dataset.kind !== 'synthetic') throw new Error('the reference is synthetic only');
  await tf.setBackend('cpu');
  installFastCpuKernels();
  const { arch, unitsRemoved, inputSize, seed } = config;
  const { size, validationSize } = config.dataset;
  const model = buildModel(arch, { numClasses: 5, unitsRemoved, inputSize, seed });
  const { mean, std } = getArch(arch).meta;
  const started = performance.now();
  try {
    const out = await trainLoop({
      model,
      train: syntheticSource(config.dataset.seed, 0, size),
      validation: syntheticSource(config.dataset.seed, size, validationSize),
      config,
      batch: { batchSize: config.batchSize, size: inputSize, mean, std },
      control: createControl(),
      emit: () => undefined,
      report: { skipped: [] },
    });
    return {
      backend: tf.getBackend(),
      epochs: out.history,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    model.dispose();
  }
}

/** Everything the section measured (written to bench-results/latest.json). */
export interface TrainingReport {
  readonly config: { aucCheck: TrainRequest; throughput: TrainRequest; cpu: TrainRequest };
  readonly targets: typeof TARGETS;
  readonly aucCheck: BrowserRun & { readonly met: boolean };
  readonly throughput: readonly (BrowserRun & { readonly asked: BackendName })[];
  readonly node: NodeReference | { readonly error: string };
  readonly files: {
    readonly fromFiles: BrowserRun;
    readonly inMemory: BrowserRun;
    readonly baseline: 'inMemory' | 'synthetic';
    readonly ratio: number;
  };
  readonly worker: {
    readonly viaWorker: BrowserRun;
    readonly direct: BrowserRun;
    readonly ratio: number;
  };
  readonly longTasks: LongTaskReport;
}

const log = (label: string, run: BrowserRun): void =>
  console.error(
    `  ${label}: ${run.error ?? `${run.backend} ${steadyRate(run).toFixed(2)} img/s, AUC ${run.meanAuc?.toFixed(3)}, ${run.seconds.toFixed(0)} s`}`,
  );

/**
 * Writes the throughput configuration's phantoms as PNG files (4× the input side, so decoding
 * and resizing cost something) and trains from them, then from the same files held in memory.
 */
async function filesVsMemory(browser: Browser): Promise<TrainingReport['files']> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-phantoms-'));
  try {
    const { size, validationSize, seed } = THROUGHPUT.dataset;
    const px = THROUGHPUT.inputSize * 4;
    const folder = writePhantomFolder(dir, {
      seed,
      train: size,
      validation: validationSize,
      size: px,
    });
    const fromFiles = await workerRun(browser, THROUGHPUT, 'webgl', {
      dir: folder,
      inMemory: false,
    });
    log('files', fromFiles);
    let inMemory = await workerRun(browser, THROUGHPUT, 'webgl', { dir: folder, inMemory: true });
    let baseline: 'inMemory' | 'synthetic' = 'inMemory';
    if (inMemory.error !== null) {
      // Without the in-memory option, the synthetic source (rendered in memory) stands in.
      baseline = 'synthetic';
      inMemory = await workerRun(browser, THROUGHPUT, 'webgl');
    }
    log(`memory (${baseline})`, inMemory);
    return { fromFiles, inMemory, baseline, ratio: steadyRate(fromFiles) / steadyRate(inMemory) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * @param browser a launched browser on the served test build
 * @returns the section's measurements
 */
export async function benchTrainingSection(browser: Browser): Promise<TrainingReport> {
  const backends = (process.env.BENCH_BACKENDS ?? 'webgpu,webgl,cpu').split(',') as BackendName[];
  console.error('training: synthetic AUC check (webgl)');
  const auc = await workerRun(browser, AUC_CHECK, 'webgl');
  log('AUC check', auc);
  const met = (auc.meanAuc ?? 0) >= TARGETS.auc && auc.seconds <= TARGETS.aucSeconds;
  const throughput = [];
  for (const asked of backends) {
    const run = await workerRun(browser, asked === 'cpu' ? THROUGHPUT_CPU : THROUGHPUT, asked);
    log(`throughput ${asked}`, run);
    throughput.push({ ...run, asked });
  }
  const node = await nodeReference(THROUGHPUT_CPU).catch((e: unknown) => ({ error: String(e) }));
  const files = await filesVsMemory(browser);
  const viaWorker = await workerRun(browser, THROUGHPUT, 'webgl');
  const direct = await directRun(browser, THROUGHPUT, 'webgl');
  log('worker', viaWorker);
  log('direct', direct);
  const { dataset, ...form } = THROUGHPUT;
  const settings = { ...form, syntheticSize: dataset.size, validationSize: dataset.validationSize };
  const longTasks = await panelLongTasks(browser, settings, 'webgl');
  return {
    config: { aucCheck: AUC_CHECK, throughput: THROUGHPUT, cpu: THROUGHPUT_CPU },
    targets: TARGETS,
    aucCheck: { ...auc, met },
    throughput,
    node,
    files,
    worker: { viaWorker, direct, ratio: steadyRate(viaWorker) / steadyRate(direct) },
    longTasks,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await nodeReference(THROUGHPUT_CPU);
  for (const e of r.epochs)
    console.log(
      `epoch ${e.epoch}: ${e.imagesPerSecond.toFixed(2)} img/s, mean AUC ${e.meanAuc?.toFixed(3)}`,
    );
  console.log(`${r.backend}: ${r.seconds.toFixed(1)} s`);
}
