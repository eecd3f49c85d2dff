import { beforeEach, describe, expect, it } from 'vitest';
import type { BackendInfo, TrainConfig, TrainProgress } from '../../worker/protocol.ts';
import { MAX_STEP_POINTS } from './runView.ts';
import { useTrainStore } from './trainStore.ts';

const backendInfo: BackendInfo = {
  name: 'cpu',
  purpose: 'train',
  adapter: null,
  attempts: [],
  selfTestMaxError: 0,
};

const start = (config: TrainConfig): TrainProgress => ({
  type: 'start',
  config,
  backend: 'cpu',
  backendInfo,
  runId: 'run-1',
  params: 100,
  trainImages: 32,
  validationImages: 16,
});

describe('useTrainStore', () => {
  beforeEach(() => {
    useTrainStore.getState().beginRun(3);
  });

  it('moves a starting run to running on the worker’s start event, and caps loss points in one batch', () => {
    const s = useTrainStore.getState();
    expect(s.status.type).toBe('starting');
    const config = { arch: 'resnet18' } as TrainConfig;
    const steps: TrainProgress[] = Array.from({ length: 3 * MAX_STEP_POINTS }, (_, i) => ({
      type: 'step',
      epoch: 1,
      step: i + 1,
      stepsPerEpoch: 3 * MAX_STEP_POINTS,
      loss: 1,
      imagesPerSecond: 1,
      etaMs: 0,
    }));
    s.applyEvents([start(config), ...steps]);
    const after = useTrainStore.getState();
    expect(after.status.type).toBe('running');
    expect(after.progress.start?.runId).toBe('run-1');
    expect(after.progress.steps.length).toBeLessThanOrEqual(MAX_STEP_POINTS);
    expect(after.progress.counters?.step).toBe(3 * MAX_STEP_POINTS);
  });

  it('keeps the form when a run starts, and clears the previous run view', () => {
    const { setForm } = useTrainStore.getState();
    setForm({ epochs: 7 });
    useTrainStore.getState().finishRun(null, { type: 'failed', message: 'x' });
    useTrainStore.getState().beginRun(5);
    const s = useTrainStore.getState();
    expect(s.form.epochs).toBe(7);
    expect(s.preset).toBe('custom');
    expect(s.progress.steps).toEqual([]);
    expect(s.memory).toEqual({ before: 5, after: null });
    expect(s.status.type).toBe('starting');
  });
});
