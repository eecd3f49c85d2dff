import { describe, expect, it } from 'vitest';
import { countTruncated } from '../zoo/analytic.ts';
import {
  aboutDuration,
  estimateSeconds,
  fitRate,
  layerCount,
  PROBE_MODEL,
  probeUnitsRemoved,
  runWork,
} from './estimate.ts';
import { FLOP_PER_MAC, TRAIN_PASSES } from './plan.ts';

const QUICK = {
  arch: 'mobilenetv2_100',
  unitsRemoved: probeUnitsRemoved(),
  inputSize: 32,
  batchSize: 32,
  epochs: 5,
  trainImages: 256,
  validationImages: 128,
};

describe('runWork', () => {
  it('counts steps per epoch and the analytic FLOPs of training and evaluation', () => {
    const w = runWork(QUICK);
    const { macs } = countTruncated(QUICK.arch, {
      unitsRemoved: QUICK.unitsRemoved,
      inputSize: 32,
    });
    expect(w.macsPerImage).toBe(macs);
    expect(w.trainSteps).toBe(5 * 8);
    expect(w.evalSteps).toBe(5 * 4);
    expect(w.flop).toBe(FLOP_PER_MAC * macs * (TRAIN_PASSES * 256 + 128) * 5);
    expect(w.layers).toBe(layerCount(QUICK.arch, QUICK.unitsRemoved));
    expect(layerCount('densenet121', 0)).toBeGreaterThan(w.layers);
  });
});

describe('fitRate', () => {
  it('recovers the per-layer overhead and FLOP rate from two batch sizes', () => {
    const layers = layerCount(PROBE_MODEL.arch, probeUnitsRemoved());
    const { macs } = countTruncated(PROBE_MODEL.arch, {
      unitsRemoved: probeUnitsRemoved(),
      inputSize: PROBE_MODEL.inputSize,
    });
    const truth = { msPerLayer: 0.5, flopPerSecond: 2e9 };
    const ms = (batch: number): number =>
      layers * truth.msPerLayer + ((TRAIN_PASSES * FLOP_PER_MAC * macs * batch) / 2e9) * 1000;
    const rate = fitRate(
      [
        { batch: 16, ms: ms(16) },
        { batch: 2, ms: ms(2) },
      ],
      'cpu',
    );
    expect(rate.msPerLayer).toBeCloseTo(0.5, 9);
    expect(rate.flopPerSecond).toBeCloseTo(2e9, -3);
  });

  it('says "all overhead" when the larger batch was not slower; one batch size is one rate', () => {
    const rate = fitRate(
      [
        { batch: 2, ms: 50 },
        { batch: 16, ms: 48 },
      ],
      'webgpu',
    );
    expect(rate.flopPerSecond).toBeNull();
    expect(rate.msPerLayer).toBeGreaterThan(0);
    const one = fitRate([{ batch: 1, ms: 100 }], 'webgl');
    expect(one.msPerLayer).toBe(0);
    const { macs } = countTruncated(PROBE_MODEL.arch, {
      unitsRemoved: probeUnitsRemoved(),
      inputSize: PROBE_MODEL.inputSize,
    });
    expect(one.flopPerSecond).toBeCloseTo((TRAIN_PASSES * FLOP_PER_MAC * macs) / 0.1, 3);
    expect(() => fitRate([], 'cpu')).toThrow(/needs a timing/);
  });
});

describe('estimateSeconds', () => {
  it('charges overhead per layer and step (a third for evaluation) plus FLOPs at the rate', () => {
    const w = runWork(QUICK);
    const s = estimateSeconds(w, { backend: 'cpu', msPerLayer: 0.1, flopPerSecond: 1e9 });
    const overhead = (0.1 * w.layers * (w.trainSteps + w.evalSteps / 3)) / 1000;
    expect(s).toBeCloseTo(overhead + w.flop / 1e9, 9);
    expect(estimateSeconds(w, { backend: 'x', msPerLayer: 0.1, flopPerSecond: null })).toBeCloseTo(
      overhead,
      9,
    );
  });

  it('words a duration roughly', () => {
    expect(aboutDuration(0.2)).toBe('about 1 s');
    expect(aboutDuration(42)).toBe('about 42 s');
    expect(aboutDuration(185)).toBe('about 3 min');
    expect(aboutDuration(7800)).toBe('about 2 h 10 min');
  });
});
