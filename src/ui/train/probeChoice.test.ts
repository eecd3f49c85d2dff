import { describe, expect, it } from 'vitest';
import type { BackendProbe } from '../../worker/protocol.ts';
import { applyPreset } from './trainForm.ts';
import { chooseAuto, estimatesFor, probeStatus, runShapeOf } from './probeChoice.ts';
import { runWork } from '../../grid/estimate.ts';
import { unmeasured } from './probeStore.ts';

const probe = (p: Partial<BackendProbe> & Pick<BackendProbe, 'name'>): BackendProbe => ({
  ok: true,
  note: 'timed steps: 3 at batch 1, 3 at batch 4',
  device: '',
  software: false,
  warmupMs: 1000,
  timings: [],
  msPerLayer: 1,
  flopPerSecond: 1e9,
  totalMs: 2000,
  ...p,
});

const quick = applyPreset('mobilenetv2_100', 'quick');

describe('runShapeOf', () => {
  it('reads the run from the form; CheXpert data needs its report first', () => {
    expect(runShapeOf(quick, null)).toMatchObject({
      arch: 'mobilenetv2_100',
      inputSize: 32,
      batchSize: 32,
      epochs: 5,
      trainImages: 256,
      validationImages: 128,
      inChannels: 3,
    });
    expect(runShapeOf({ ...quick, data: 'chexpert' }, null)).toBeNull();
    expect(runShapeOf({ ...quick, batchSize: Number.NaN }, null)).toBeNull();
  });
});

describe('chooseAuto', () => {
  const shape = runShapeOf(quick, null);

  it('picks the fastest by estimate for this run, naming the others and a software GPU', () => {
    const probes = [
      probe({ name: 'cpu', msPerLayer: 0, flopPerSecond: 2e7, device: 'the CPU' }),
      probe({
        name: 'webgl',
        msPerLayer: 0.1,
        flopPerSecond: 1e9,
        device: 'SwiftShader (a software adapter: the CPU emulates the GPU)',
        software: true,
      }),
      probe({ name: 'webgpu', ok: false, note: 'no step finished within its 3.3 s share' }),
    ];
    const choice = chooseAuto(shape, probes);
    // the quick run is 16.7 GFLOP: 17 s of compute at 1 GFLOP/s against 14 min at 0.02
    if (shape === null) throw new Error('quick preset');
    const [cpu, webgl] = estimatesFor(probes, runWork(shape)).map((e) => e.seconds ?? NaN);
    expect(webgl).toBeLessThan(cpu ?? 0);
    expect(choice.name).toBe('webgl');
    expect(choice.reason).toMatch(
      /^WebGL on SwiftShader \(a software adapter: the CPU emulates the GPU\) is the fastest measured here: about \d+ s for this run, against CPU about 14 min; /,
    );
    expect(choice.reason).toContain('WebGPU: no step finished within its 3.3 s share');
  });

  it('while a slower-to-start backend is measured, picks from the rest and says the choice may change', () => {
    const cpu = probe({ name: 'cpu', msPerLayer: 0, flopPerSecond: 2e7 });
    const compiling = probe({
      name: 'webgl',
      ok: false,
      note: 'compiling shaders (the first step)',
    });
    const waiting = probe({ name: 'webgpu', ok: false, note: 'waiting its turn' });
    const early = chooseAuto(shape, [cpu, compiling, waiting], ['webgl', 'webgpu']);
    expect(early.name).toBe('cpu');
    expect(early.reason).toMatch(
      /^CPU is the fastest measured so far: about 14 min for this run\. /,
    );
    expect(early.reason).toContain(
      'Still measuring WebGL and WebGPU: the choice follows when they report.',
    );
    expect(early.reason).not.toContain('compiling');
    // WebGL reports, faster: the choice follows
    const webgl = probe({ name: 'webgl', msPerLayer: 0.1, flopPerSecond: 1e9 });
    const later = chooseAuto(shape, [cpu, webgl, waiting], ['webgpu']);
    expect(later.name).toBe('webgl');
    expect(later.reason).toMatch(
      /^WebGL is the fastest measured so far: about \d+ s for this run, against CPU about 14 min\. Still measuring WebGPU: the choice follows when it reports\.$/,
    );
    // WebGPU reports, slower: WebGL stays, and the reason no longer says "so far"
    const webgpu = probe({ name: 'webgpu', msPerLayer: 5, flopPerSecond: 1e8 });
    const done = chooseAuto(shape, [cpu, webgl, webgpu]);
    expect(done.name).toBe('webgl');
    expect(done.reason).toMatch(
      /^WebGL is the fastest measured here: .* against WebGPU about .*; CPU about 14 min\.$/,
    );
  });

  it('falls back to the default order when nothing was measured, and says so', () => {
    const choice = chooseAuto(shape, [probe({ name: 'webgpu', ok: false, note: 'x' })]);
    expect(choice.name).toBeNull();
    expect(choice.reason).toMatch(/default order decides/);
  });
});

describe('probeStatus', () => {
  const base = { answeredMs: 10_000, totalMs: 10_000, budgetMs: 60_000, pending: [] };
  it('says when the first answer came, what goes on in the background and that a run stops it', () => {
    expect(probeStatus({ ...base, answeredMs: 4_200, totalMs: 4_200 })).toMatch(
      /^Measured in 4\.2 s\. Estimates: /,
    );
    expect(probeStatus({ ...base, pending: ['webgl', 'webgpu'] })).toMatch(
      /^Measured in 10\.0 s\. Still measuring WebGL and WebGPU… in the background \(up to 60\.0 s in all; starting a run stops it\)\. Estimates: /,
    );
    expect(probeStatus({ ...base, totalMs: 31_000 })).toMatch(
      /^Measured in 10\.0 s\. The rest in the background: 31\.0 s in all\. /,
    );
    expect(probeStatus({ ...base, restored: true })).toMatch(
      /^Measured in 10\.0 s \(earlier in this browser session\)\. /,
    );
  });
});

describe('unmeasured', () => {
  it('offers a longer probe for backends cut short, never reached or stopped, not for missing ones', () => {
    const report = {
      budgetMs: 10_000,
      totalMs: 10_000,
      answeredMs: 10_000,
      pending: [],
      probes: [
        probe({
          name: 'cpu',
          timings: [
            { batch: 4, ms: 1 },
            { batch: 1, ms: 1 },
          ],
        }),
        probe({ name: 'webgl', ok: false, note: 'no step finished within 6.0 s' }),
        probe({ name: 'webgpu', ok: false, note: 'not measured: stopped when a run started' }),
      ],
    };
    expect(unmeasured(report)).toEqual(['webgl', 'webgpu']);
    // nothing to offer while the background probe still measures them
    expect(unmeasured({ ...report, pending: ['webgpu'] })).toEqual([]);
    const one = { ...report, probes: [probe({ name: 'webgl', timings: [{ batch: 4, ms: 1 }] })] };
    expect(unmeasured(one)).toEqual(['webgl']);
    const absent = {
      ...report,
      probes: [
        probe({ name: 'webgpu', ok: false, note: 'not available in this browser' }),
        probe({ name: 'webgl', ok: false, note: 'failed: context lost' }),
      ],
    };
    expect(unmeasured(absent)).toEqual([]);
  });
});
