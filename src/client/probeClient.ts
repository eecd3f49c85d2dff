/**
 * The training-speed probe across backends, in a worker of its own: the CPU, WebGL and WebGPU in
 * turn time a few steps of a small model. A first answer comes within 10 s with what is measured
 * by then; a backend still starting (a software GPU compiling its shaders takes longer than a
 * share of 10 s on a busy machine) goes on in the background, and so do the backends after it,
 * up to 60 s in all, each result reported as it arrives. A backend still in its first steps at
 * its deadline is abandoned by terminating the worker (a GPU step cannot be interrupted
 * otherwise); the next backend gets a fresh one. The signal stops it all at once (a run starts:
 * the probe never competes with it). The app's own worker, its models and its backend are never
 * touched.
 */
import { proxy, wrap, type Remote } from 'comlink';
import type { StudyWorkerApi } from '../worker/api.ts';
import type { BackendName, BackendProbe } from '../worker/protocol.ts';
import { notMeasured, timeFor, type ProbeBudgets, type ProbeReport } from './probeReport.ts';
import { startWorker } from './studyClient.ts';

export type { ProbeReport } from './probeReport.ts';

/**
 * Backends that can train, in the order they are measured: the CPU first. It compiles nothing,
 * so it times its steps within a second or two of starting, and a first answer always has it.
 */
export const TRAIN_BACKENDS: readonly BackendName[] = ['cpu', 'webgl', 'webgpu'];
/** The first answer's budget. */
export const PROBE_BUDGET_MS = 10_000;
/** The whole probe's, background included; also the longer probe's offered by hand. */
export const LONG_PROBE_MS = 60_000;

/** Measures one backend at a time; `end` abandons the one in flight. */
export interface ProbeRunner {
  probe(
    name: BackendName,
    stepMs: number,
    onPartial: (probe: BackendProbe) => void,
  ): Promise<BackendProbe>;
  end(): void;
}

/** @returns a runner on a worker of its own, started on first use, ended by `end` */
function workerRunner(): ProbeRunner {
  let worker: Worker | null = null;
  let remote: Remote<StudyWorkerApi> | null = null;
  return {
    probe(name, stepMs, onPartial) {
      worker ??= startWorker(`chextransfer-probe-${name}`);
      remote ??= wrap<StudyWorkerApi>(worker);
      return remote.probeTrainingBackend(name, stepMs, proxy(onPartial));
    },
    end() {
      worker?.terminate();
      worker = null;
      remote = null;
    },
  };
}

const testing: { runner: (() => ProbeRunner) | null; budgets: ProbeBudgets | null } = {
  runner: null,
  budgets: null,
};

/**
 * For browser tests only (window.__explorer): measure with a fake runner and other budgets.
 * @param runner makes the runner each probe uses; null for the worker again
 * @param budgets the budgets; null for the usual 10 s and 60 s
 */
export function setProbeForTests(
  runner: (() => ProbeRunner) | null,
  budgets: ProbeBudgets | null,
): void {
  testing.runner = runner;
  testing.budgets = budgets;
}

/** Resolves with the work's value, with null when `ms` pass first, or rejects when stopped. */
function withDeadline<T>(work: Promise<T>, ms: number, signal?: AbortSignal): Promise<T | null> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      done();
      reject(new DOMException('The probe was stopped', 'AbortError'));
    };
    const timer = setTimeout(() => {
      done();
      resolve(null);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        done();
        resolve(v);
      },
      (e: unknown) => {
        done();
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/**
 * Probes one backend, up to a deadline.
 * @param runner the probe's runner
 * @param name the backend
 * @param time its worker's time for timed steps, its deadline, the signal that stops the probe
 * @param onPartial told the probe so far (its device, what it is doing, what it timed)
 * @returns its probe (what was timed before the deadline, if anything) and whether the deadline
 *   passed (the runner must then be ended: its step cannot be interrupted)
 */
async function probeOne(
  runner: ProbeRunner,
  name: BackendName,
  time: { readonly stepMs: number; readonly deadlineMs: number; readonly signal?: AbortSignal },
  onPartial: (p: BackendProbe) => void,
): Promise<{ probe: BackendProbe; late: boolean }> {
  const t0 = performance.now();
  let partial: BackendProbe | null = null;
  const work = runner.probe(name, time.stepMs, (p) => {
    partial = p;
    onPartial(p);
  });
  let got: BackendProbe | null;
  try {
    got = await withDeadline(work, time.deadlineMs, time.signal);
  } catch (e) {
    if (time.signal?.aborted) throw e;
    const why = e instanceof Error ? e.message : String(e);
    return { probe: notMeasured(name, `failed: ${why}`, performance.now() - t0), late: true };
  }
  if (got !== null) return { probe: got, late: false };
  const ms = performance.now() - t0;
  const at = `${(time.deadlineMs / 1000).toFixed(1)} s`;
  const last = partial as BackendProbe | null;
  const probe =
    last?.ok === true
      ? { ...last, note: `${last.note} (cut at ${at})`, totalMs: ms }
      : notMeasured(
          name,
          `${last?.note ?? 'starting the backend'}: no step finished within ${at}`,
          ms,
          last ?? undefined,
        );
  return { probe, late: true };
}

/** What a probe reports to its caller, as it goes. */
export interface ProbeOptions {
  /** The first answer's budget and the whole one (default 10 s and 60 s). */
  readonly budgets?: ProbeBudgets;
  /** Measure these backends only (default: every training backend). */
  readonly only?: readonly BackendName[];
  /**
   * Told the report at each change: `answered` false before the first answer (what is measured
   * so far), true from it on (pending backends go on in the background).
   */
  readonly onUpdate?: (report: ProbeReport, answered: boolean) => void;
  readonly signal?: AbortSignal;
}

/**
 * The report as backends are measured: each change told to `onUpdate`, the first answer given
 * at most once (by the first budget's timer, or at the end).
 */
function tracker(names: readonly BackendName[], totalMs: number, opts: ProbeOptions) {
  const started = performance.now();
  const elapsed = (): number => performance.now() - started;
  const probes = new Map(names.map((n) => [n, notMeasured(n, 'waiting its turn')]));
  const pending = new Set(names);
  let answeredMs: number | null = null;
  const report = (now = elapsed()): ProbeReport => ({
    probes: names.map((n) => probes.get(n) ?? notMeasured(n, 'waiting its turn')),
    answeredMs: answeredMs ?? now,
    totalMs: now,
    budgetMs: totalMs,
    pending: [...pending],
  });
  const emit = (): void => opts.onUpdate?.(report(), answeredMs !== null);
  return {
    elapsed,
    /** A backend's probe so far (`done`: its last), told to the caller. */
    set(name: BackendName, probe: BackendProbe, done = false): void {
      probes.set(name, probe);
      if (done) pending.delete(name);
      if (pending.size > 0) emit(); // the last one is the returned report
    },
    answer(): void {
      answeredMs ??= elapsed();
      emit();
    },
    final(): ProbeReport {
      const now = elapsed();
      answeredMs ??= now;
      return report(now);
    },
  };
}

/**
 * Measures each training backend in turn.
 * @param opts budgets, backends, a callback per change, a signal that stops it
 * @returns every backend's probe, in the default order, once none is pending
 */
export async function probeTrainingBackends(opts: ProbeOptions = {}): Promise<ProbeReport> {
  const budgets = opts.budgets ??
    testing.budgets ?? { quickMs: PROBE_BUDGET_MS, totalMs: LONG_PROBE_MS };
  const names = TRAIN_BACKENDS.filter((n) => opts.only?.includes(n) ?? true);
  const track = tracker(names, budgets.totalMs, opts);
  const timer = setTimeout(track.answer, budgets.quickMs);
  const runner = (testing.runner ?? workerRunner)();
  const end = (): void => runner.end();
  opts.signal?.addEventListener('abort', end, { once: true });
  try {
    for (const [i, name] of names.entries()) {
      opts.signal?.throwIfAborted();
      const time = timeFor(i, names.length, track.elapsed(), budgets);
      let probe = notMeasured(name, 'not measured: the time budget was spent');
      if (time !== null) {
        const signal = opts.signal ? { signal: opts.signal } : {};
        const out = await probeOne(runner, name, { ...time, ...signal }, (p) => track.set(name, p));
        if (out.late) runner.end();
        probe = out.probe;
      }
      track.set(name, probe, true);
    }
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', end);
    runner.end();
  }
  return track.final();
}
