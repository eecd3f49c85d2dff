import { describe, expect, it } from 'vitest';
import {
  BACKGROUND_STEP_MS,
  isUnfinished,
  mergeReports,
  notMeasured,
  stopPending,
  timeFor,
  type ProbeReport,
} from './probeReport.ts';

const budgets = { quickMs: 10_000, totalMs: 60_000 };

describe('timeFor', () => {
  it('gives each backend a fair share of the first 10 s for its steps, and waits longer for it', () => {
    // the CPU first: 80% of a third of 10 s to time steps; waited for up to a third of 60 s
    const cpu = timeFor(0, 3, 0, budgets);
    expect(cpu?.stepMs).toBeCloseTo(2_666.7, 1);
    expect(cpu?.deadlineMs).toBe(20_000);
    // WebGL after a CPU that took 4 s: half of what is left of each budget
    expect(timeFor(1, 3, 4_000, budgets)).toEqual({ stepMs: 2_400, deadlineMs: 28_000 });
  });

  it('in the background, times steps for a fixed share and waits for the rest of the 60 s', () => {
    expect(timeFor(2, 3, 15_000, budgets)).toEqual({
      stepMs: BACKGROUND_STEP_MS,
      deadlineMs: 45_000,
    });
    // a longer probe answers at once: every backend is measured in the background
    expect(timeFor(0, 2, 0, { quickMs: 0, totalMs: 60_000 })).toEqual({
      stepMs: BACKGROUND_STEP_MS,
      deadlineMs: 30_000,
    });
  });

  it('skips a backend when too little of the whole budget is left', () => {
    expect(timeFor(2, 3, 59_500, budgets)).toBeNull();
  });
});

const ok = (name: 'cpu' | 'webgl' | 'webgpu', batches = [4, 1]) => ({
  ...notMeasured(name, 'timed steps'),
  ok: true,
  timings: batches.map((batch) => ({ batch, ms: 10 })),
  msPerLayer: 1,
  flopPerSecond: 1e9,
});

describe('stopPending', () => {
  it('keeps what the pending backends timed and says why the rest was not measured', () => {
    const report: ProbeReport = {
      probes: [
        ok('cpu'),
        ok('webgl', [4]),
        notMeasured('webgpu', 'compiling shaders (the first step)', 900, {
          device: 'SwiftShader',
          software: true,
        }),
      ],
      answeredMs: 10_000,
      totalMs: 12_000,
      budgetMs: 60_000,
      pending: ['webgl', 'webgpu'],
    };
    const stopped = stopPending(report, 'stopped when a run started');
    expect(stopped.pending).toEqual([]);
    expect(stopped.probes[0]).toBe(report.probes[0]);
    expect(stopped.probes[1]).toMatchObject({
      ok: true,
      note: 'timed steps (stopped when a run started)',
    });
    expect(stopped.probes[2]).toMatchObject({
      ok: false,
      note: 'not measured: stopped when a run started',
      device: 'SwiftShader',
      software: true,
    });
    expect(stopped.probes.map(isUnfinished)).toEqual([false, true, true]);
  });
});

describe('mergeReports', () => {
  it('replaces only the backends a longer probe measured', () => {
    const last: ProbeReport = {
      probes: [ok('cpu'), notMeasured('webgl', 'x'), notMeasured('webgpu', 'y')],
      answeredMs: 10_000,
      totalMs: 10_000,
      budgetMs: 60_000,
      pending: [],
    };
    const fresh = { ...last, probes: [ok('webgl')], answeredMs: 0, totalMs: 5_000 };
    const merged = mergeReports(last, fresh);
    expect(merged.probes.map((p) => [p.name, p.ok])).toEqual([
      ['cpu', true],
      ['webgl', true],
      ['webgpu', false],
    ]);
    // "Measured in 10.0 s", then both probes' time in all, not the longer one's first answer (0 s)
    expect(merged.answeredMs).toBe(10_000);
    expect(merged.totalMs).toBe(15_000);
    expect(mergeReports(null, fresh)).toBe(fresh);
  });
});
