/**
 * Training benchmark (Node, tfjs CPU backend): trains on the synthetic set and prints the mean
 * validation AUC per epoch, images/s, and the input pipeline's own rate (phantoms rendered and
 * batched per second, no model) so the two can be compared (the pipeline should be ≥ 10× faster
 * than the step so prefetch keeps up). Browser backends (WebGL/WebGPU) and "worker vs direct
 * loop" are not measured here yet: run `benchTraining` in the browser through the client.
 *
 *   node --import tsx scripts/bench/training.ts [size] [train] [epochs]
 */
import * as tf from '@tensorflow/tfjs';
import { NO_AUGMENT } from '../../src/data/augment.ts';
import { iterateBatches } from '../../src/data/batches.ts';
import { syntheticSource } from '../../src/data/syntheticSource.ts';
import { installFastCpuKernels } from '../../src/worker/cpuKernels.ts';
import type { EpochRecord, TrainConfig } from '../../src/worker/protocol.ts';
import { createControl } from '../../src/worker/trainControl.ts';
import { trainLoop } from '../../src/worker/trainLoop.ts';
import { tinyCnn } from '../../src/worker/testing/tinyCnn.ts';

/** What one benchmark run measured. */
export interface TrainingBench {
  readonly backend: string;
  readonly size: number;
  readonly trainImages: number;
  readonly history: readonly EpochRecord[];
  readonly seconds: number;
  readonly pipelineImagesPerSecond: number;
}

/**
 * @param size input side
 * @param trainImages synthetic training images (validation: 200 more)
 * @param epochs epochs
 * @returns per-epoch history and rates
 */
export async function benchTraining(
  size = 32,
  trainImages = 400,
  epochs = 5,
): Promise<TrainingBench> {
  await tf.setBackend('cpu');
  installFastCpuKernels();
  const batch = { batchSize: 32, size, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] } as const;
  const t0 = performance.now();
  let n = 0;
  for await (const b of iterateBatches(syntheticSource(9, 0, 512), [...Array(512).keys()], batch))
    n += b.count;
  const pipelineImagesPerSecond = (n * 1000) / (performance.now() - t0);
  const config = {
    batchSize: 32,
    epochs,
    learningRate: 3e-3,
    augment: NO_AUGMENT,
    seed: 1,
  } as unknown as TrainConfig;
  const model = tinyCnn(size);
  const started = performance.now();
  const out = await trainLoop({
    model,
    train: syntheticSource(1, 0, trainImages),
    validation: syntheticSource(1, trainImages, 200),
    config,
    batch,
    control: createControl(),
    emit: (e) => {
      if (e.type === 'epoch')
        console.log(
          `epoch ${e.record.epoch}: loss ${e.record.trainLoss.toFixed(3)} mean AUC ${e.record.meanAuc?.toFixed(3)} ${e.record.imagesPerSecond.toFixed(0)} img/s`,
        );
    },
    report: { skipped: [] },
  });
  model.dispose();
  return {
    backend: tf.getBackend(),
    size,
    trainImages,
    history: out.history,
    seconds: (performance.now() - started) / 1000,
    pipelineImagesPerSecond,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [size, n, epochs] = process.argv.slice(2).map(Number);
  const r = await benchTraining(size || 32, n || 400, epochs || 5);
  console.log(
    `${r.backend}: ${r.seconds.toFixed(1)} s, final mean AUC ${r.history.at(-1)?.meanAuc?.toFixed(3)}, pipeline ${r.pipelineImagesPerSecond.toFixed(0)} img/s`,
  );
}
