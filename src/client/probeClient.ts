/**
 * The training-speed probe across backends, in a worker of its own: WebGPU, WebGL and the CPU
 * each get a fair share of one time budget (10 s by default) to time a few steps of a small model,
 * and may run longer, into what the later ones would leave unused, as long as each later one
 * keeps a minimal share: a slow start (the worker bundle's first load, shader compilation) is
 * not cut short while time is left. A backend still in its first steps at its deadline is
 * abandoned by terminating the worker (a GPU step
 * cannot be interrupted otherwise); the next backend gets a fresh one. The app's own worker, its
 * models and its backend are never touched.
 */
import { proxy, wrap, type Remote } from 'comlink';
import type { StudyWorkerApi } from '../worker/api.ts';
import type { BackendName, BackendProbe } from '../worker/protocol.ts';
import { startWorker } from './studyClient.ts';

/**
 * Backends that can train, in the order they are measured: the CPU first. It compiles nothing,
 * so it times its steps within a second or two of starting, and a probe always has it; a GPU's
 * first steps compile its kernels, which a software GPU does slowly (SwiftShader's WebGL takes
 * 6-15 s on a busy 2-core machine, longer than a share of 10 s), and the later backends may use
 * what the earlier ones leave.
 */
export const TRAIN_BACKENDS: readonly BackendName[] = ['cpu', 'webgl', 'webgpu'];
/** The whole probe's time budget. */
export const PROBE_BUDGET_MS = 10_000;
/** A share smaller than this cannot build the model and time one step: skipped. */
const MIN_SHARE_MS = 600;

/** Every backend's probe and what the whole probe took. */
export interface ProbeReport {
  readonly probes: readonly BackendProbe[];
  readonly totalMs: number;
  readonly budgetMs: number;
}

type Device = Pick<BackendProbe, 'device' | 'software'>;

function notMeasured(name: BackendName, note: string, ms: number, d?: Device): BackendProbe {
  const none = { msPerLayer: null, flopPerSecond: null, timings: [], warmupMs: ms, totalMs: ms };
  return {
    name,
    ok: false,
    note,
    device: d?.device ?? '',
    software: d?.software ?? false,
    ...none,
  };
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
 * Probes one backend in the probe worker, up to a deadline.
 * @param remote the probe worker
 * @param name the backend
 * @param time its fair share, its deadline, and the signal that stops the probe
 * @returns its probe (what was timed before the deadline, if anything) and whether the deadline
 *   passed (the worker must then be ended: its step cannot be interrupted)
 */
async function probeOne(
  remote: Remote<StudyWorkerApi>,
  name: BackendName,
  time: { readonly share: number; readonly deadline: number; readonly signal?: AbortSignal },
): Promise<{ probe: BackendProbe; late: boolean }> {
  const t0 = performance.now();
  const seen: { partial?: BackendProbe } = {};
  const onPartial = proxy((p: BackendProbe): void => void (seen.partial = p));
  // the worker times steps within 80% of its fair share; the deadline is the latest it may
  // answer (its first steps may be slow), keeping each later backend a minimal share
  const work = remote.probeTrainingBackend(name, time.share * 0.8, onPartial);
  const got = await withDeadline(work, time.deadline, time.signal);
  if (got !== null) return { probe: got, late: false };
  const ms = performance.now() - t0;
  const at = `${(time.deadline / 1000).toFixed(1)} s`;
  const { partial } = seen;
  const probe =
    partial?.ok === true
      ? { ...partial, note: `${partial.note} (cut at ${at})`, totalMs: ms }
      : notMeasured(name, `no step finished within ${at}`, ms, partial);
  return { probe, late: true };
}

/**
 * Measures each training backend in turn.
 * @param opts the budget, a callback per backend as it is measured, and a signal that stops it
 * @returns every backend's probe, in the default order
 */
export async function probeTrainingBackends(
  opts: {
    readonly budgetMs?: number;
    /** Measure these backends only (default: every training backend). */
    readonly only?: readonly BackendName[];
    readonly onProbe?: (probe: BackendProbe) => void;
    readonly signal?: AbortSignal;
  } = {},
): Promise<ProbeReport> {
  const budgetMs = opts.budgetMs ?? PROBE_BUDGET_MS;
  const started = performance.now();
  const probes: BackendProbe[] = [];
  let worker: Worker | null = null;
  let remote: Remote<StudyWorkerApi> | null = null;
  const stop = (): void => {
    worker?.terminate();
    worker = null;
    remote = null;
  };
  opts.signal?.addEventListener('abort', stop, { once: true });
  try {
    const names = TRAIN_BACKENDS.filter((n) => opts.only?.includes(n) ?? true);
    for (const [i, name] of names.entries()) {
      opts.signal?.throwIfAborted();
      const left = budgetMs - (performance.now() - started);
      const time = {
        share: left / (names.length - i),
        deadline: left - MIN_SHARE_MS * (names.length - i - 1),
        ...(opts.signal ? { signal: opts.signal } : {}),
      };
      let probe = notMeasured(name, 'not measured: the time budget was spent', 0);
      if (time.share >= MIN_SHARE_MS) {
        worker ??= startWorker(`chextransfer-probe-${name}`);
        remote ??= wrap<StudyWorkerApi>(worker);
        const out = await probeOne(remote, name, time);
        if (out.late) stop();
        probe = out.probe;
      }
      probes.push(probe);
      opts.onProbe?.(probe);
    }
  } finally {
    stop();
  }
  return { probes, totalMs: performance.now() - started, budgetMs };
}
