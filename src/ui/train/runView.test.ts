import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EpochRecord, TrainProgress } from '../../worker/protocol.ts';
import {
  EMPTY_PROGRESS,
  MAX_STEP_POINTS,
  appendCapped,
  createProgressBatcher,
  reduceProgress,
  runFraction,
  type RunStart,
  type StepPoint,
} from './runView.ts';

const step = (epoch: number, s: number, loss: number): TrainProgress => ({
  type: 'step',
  epoch,
  step: s,
  stepsPerEpoch: 10,
  loss,
  imagesPerSecond: 20,
  etaMs: 1000,
});

const record = (epoch: number, meanAuc: number): EpochRecord => ({
  epoch,
  trainLoss: 0.5,
  validationLoss: 0.6,
  perTaskAuc: [],
  meanAuc,
  imagesPerSecond: 20,
  durationMs: 100,
});

describe('appendCapped', () => {
  it('keeps every point up to the cap, then halves the older ones keeping first and newest', () => {
    let points: StepPoint[] = [];
    for (let i = 0; i < 10; i++) points = appendCapped(points, { x: i, loss: i }, 10);
    expect(points.map((p) => p.x)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    points = appendCapped(points, { x: 10, loss: 10 }, 10);
    expect(points.length).toBeLessThanOrEqual(10);
    expect(points[0]?.x).toBe(0);
    expect(points.at(-1)?.x).toBe(10);
  });

  it('never stores more than MAX_STEP_POINTS however long the run', () => {
    let points: StepPoint[] = [];
    for (let i = 0; i < 5000; i++) {
      points = appendCapped(points, { x: i, loss: 1 / (i + 1) });
      expect(points.length).toBeLessThanOrEqual(MAX_STEP_POINTS);
    }
    expect(points.at(-1)?.x).toBe(4999);
    const xs = points.map((p) => p.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
  });
});

describe('reduceProgress', () => {
  it('turns steps into epoch-scaled points and counters, records epochs and pauses', () => {
    const s = reduceProgress(EMPTY_PROGRESS, [
      step(1, 5, 0.9),
      step(2, 10, 0.4),
      { type: 'epoch', record: record(1, 0.7) },
      { type: 'paused' },
    ]);
    expect(s.steps).toEqual([
      { x: 0.5, loss: 0.9 },
      { x: 2, loss: 0.4 },
    ]);
    expect(s.counters?.epoch).toBe(2);
    expect(s.epochs.map((r) => r.meanAuc)).toEqual([0.7]);
    expect(s.paused).toBe(true);
    expect(reduceProgress(s, [{ type: 'resumed' }]).paused).toBe(false);
  });

  it('replaces a repeated epoch (a run resumed from its checkpoint after a device loss)', () => {
    const s = reduceProgress(EMPTY_PROGRESS, [
      { type: 'epoch', record: record(1, 0.6) },
      { type: 'epoch', record: record(2, 0.7) },
      { type: 'epoch', record: record(2, 0.8) },
    ]);
    expect(s.epochs.map((r) => [r.epoch, r.meanAuc])).toEqual([
      [1, 0.6],
      [2, 0.8],
    ]);
  });
});

describe('runFraction', () => {
  it('counts steps across epochs, and whole epochs once evaluated', () => {
    const start = { config: { epochs: 3 } } as unknown as RunStart;
    expect(runFraction({ ...EMPTY_PROGRESS, start })).toBeNull();
    const s = reduceProgress({ ...EMPTY_PROGRESS, start }, [step(2, 4, 0.5)]);
    expect(runFraction(s)).toEqual({ done: 14, total: 30 });
    const after = reduceProgress(s, [step(2, 10, 0.4), { type: 'epoch', record: record(3, 0.7) }]);
    expect(runFraction(after)).toEqual({ done: 30, total: 30 });
  });
});

describe('createProgressBatcher', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('delivers a burst once per interval, in order, and flush hands over the rest at once', () => {
    const batches: TrainProgress[][] = [];
    const b = createProgressBatcher((events) => batches.push(events), 250);
    for (let i = 1; i <= 8; i++) b.push(step(1, i, 1 / i));
    expect(batches).toHaveLength(0);
    vi.advanceTimersByTime(249);
    expect(batches).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(batches).toHaveLength(1);
    expect(batches[0]?.map((e) => (e.type === 'step' ? e.step : -1))).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8,
    ]);
    b.push(step(1, 9, 0.1));
    b.flush();
    expect(batches).toHaveLength(2);
    vi.advanceTimersByTime(1000);
    expect(batches).toHaveLength(2);
  });

  it('cancel drops what is queued', () => {
    const batches: TrainProgress[][] = [];
    const b = createProgressBatcher((events) => batches.push(events), 250);
    b.push(step(1, 1, 1));
    b.cancel();
    vi.advanceTimersByTime(1000);
    expect(batches).toHaveLength(0);
  });
});
