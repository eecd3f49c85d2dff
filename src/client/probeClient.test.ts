/**
 * The probe's first answer and its background, with fake backends (src/client/probeFake.ts) on
 * a short time scale: a backend slower to start than the first budget goes on after it, its
 * result arrives as an update, and a stop abandons what is in flight.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { probeTrainingBackends, setProbeForTests } from './probeClient.ts';
import { fakeProbeRunner } from './probeFake.ts';
import type { ProbeReport } from './probeReport.ts';

afterEach(() => setProbeForTests(null, null));

const budgets = { quickMs: 150, totalMs: 3_000 };

describe('probeTrainingBackends', () => {
  it('answers at the first budget with what is measured, then reports the rest as it comes', async () => {
    const log: string[] = [];
    setProbeForTests(
      fakeProbeRunner(
        { cpu: { afterMs: 10 }, webgl: { afterMs: 400 }, webgpu: { afterMs: 20 } },
        log,
      ),
      budgets,
    );
    const updates: { report: ProbeReport; answered: boolean }[] = [];
    const final = await probeTrainingBackends({
      onUpdate: (report, answered) => updates.push({ report, answered }),
    });
    const first = updates.find((u) => u.answered);
    expect(first?.report.pending).toEqual(['webgl', 'webgpu']);
    expect(first?.report.probes.map((p) => [p.name, p.ok, p.note])).toEqual([
      ['cpu', true, 'timed steps: 3 at batch 4, 3 at batch 1 (fake)'],
      ['webgl', false, 'compiling shaders (the first step)'],
      ['webgpu', false, 'waiting its turn'],
    ]);
    // Node's timers keep a whole-millisecond clock and can fire up to ~1 ms before
    // performance.now() says 150 ms have passed (149.85 was seen on a fresh CI machine).
    expect(first?.report.answeredMs).toBeGreaterThanOrEqual(148);
    // before the answer: only "not answered" updates; after it, WebGL's result is one
    const at = updates.findIndex((u) => u.answered);
    expect(at).toBeGreaterThan(0);
    expect(updates.slice(0, at).every((u) => !u.answered)).toBe(true);
    const webglDone = updates.find((u) => u.report.probes[1]?.ok === true);
    expect(webglDone?.answered).toBe(true);
    expect(webglDone?.report.pending).toEqual(['webgpu']);
    expect(final.pending).toEqual([]);
    expect(final.probes.every((p) => p.ok)).toBe(true);
    expect(final.answeredMs).toBe(first?.report.answeredMs);
    expect(final.totalMs).toBeGreaterThan(400);
    expect(log).toEqual([
      'start cpu',
      'done cpu',
      'start webgl',
      'done webgl',
      'start webgpu',
      'done webgpu',
    ]);
  });

  it('answers once, when every backend is done before the first budget', async () => {
    setProbeForTests(
      fakeProbeRunner({ cpu: { afterMs: 5 }, webgl: { afterMs: 5 }, webgpu: { afterMs: 5 } }, []),
      { quickMs: 2_000, totalMs: 3_000 },
    );
    const answered: boolean[] = [];
    const final = await probeTrainingBackends({ onUpdate: (_, a) => answered.push(a) });
    expect(answered.every((a) => !a)).toBe(true);
    expect(final.answeredMs).toBe(final.totalMs);
    expect(final.answeredMs).toBeLessThan(2_000);
  });

  it('abandons a backend at its deadline, saying what it was doing', async () => {
    const log: string[] = [];
    setProbeForTests(
      fakeProbeRunner(
        { cpu: { afterMs: 5 }, webgl: { afterMs: null }, webgpu: { afterMs: 5 } },
        log,
      ),
      { quickMs: 50, totalMs: 2_000 },
    );
    const final = await probeTrainingBackends();
    // WebGL waited for half of what was left, then its worker ended; WebGPU got the rest
    expect(final.probes[1]?.note).toMatch(
      /^compiling shaders \(the first step\): no step finished within 1\.0 s$/,
    );
    expect(final.probes[2]?.ok).toBe(true);
    expect(log).toEqual([
      'start cpu',
      'done cpu',
      'start webgl',
      'end',
      'start webgpu',
      'done webgpu',
    ]);
  });

  it('stops at once on the signal: the backend in flight is abandoned, none starts after', async () => {
    const log: string[] = [];
    setProbeForTests(
      fakeProbeRunner(
        { cpu: { afterMs: 5 }, webgl: { afterMs: 2_000 }, webgpu: { afterMs: 5 } },
        log,
      ),
      budgets,
    );
    const control = new AbortController();
    const probing = probeTrainingBackends({
      signal: control.signal,
      onUpdate: (_, answered) => answered && control.abort('stopped when a run started'),
    });
    await expect(probing).rejects.toThrow(/stopped/);
    await new Promise((r) => setTimeout(r, 100));
    expect(log).toEqual(['start cpu', 'done cpu', 'start webgl', 'end']);
  });
});
