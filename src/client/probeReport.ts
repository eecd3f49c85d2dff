/**
 * The backend probe's report and the pure steps on it: the time each backend gets (a first
 * answer within 10 s, then the backends it did not finish in the background, up to 60 s in
 * all), a report stopped when a run starts, and a longer probe merged into the last one.
 */
import type { BackendName, BackendProbe } from '../worker/protocol.ts';

/** Every backend's probe, what the probe took, and what it still measures. */
export interface ProbeReport {
  /** One per backend, in the order measured; a pending one holds its state so far. */
  readonly probes: readonly BackendProbe[];
  /** ms from the start to the first answer: every backend done, or the first budget spent. */
  readonly answeredMs: number;
  /** ms from the start to this report. */
  readonly totalMs: number;
  /** The whole probe's budget, background included. */
  readonly budgetMs: number;
  /** Backends still measured, or waiting their turn, in the background; empty when done. */
  readonly pending: readonly BackendName[];
}

/** The first answer's budget and the whole probe's, background included (ms). */
export interface ProbeBudgets {
  readonly quickMs: number;
  readonly totalMs: number;
}

/** A share smaller than this cannot build the model and time one step: skipped. */
export const MIN_SHARE_MS = 600;

/** Timed steps of a backend measured in the background (ms): a fair share of the first 10 s. */
export const BACKGROUND_STEP_MS = 2_500;

/** Notes of a backend that cannot be measured here, however long the probe runs. */
const FOR_GOOD = /^(not available|cannot train|failed)/;

type Device = Pick<BackendProbe, 'device' | 'software'>;

/**
 * @param name the backend
 * @param note why there is no measurement
 * @param ms how long it ran
 * @param d its device, if known
 * @returns a probe with no measurement
 */
export function notMeasured(name: BackendName, note: string, ms = 0, d?: Device): BackendProbe {
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

/**
 * @param p a backend's probe
 * @returns whether more time could measure it (more): cut short, never reached, stopped, or
 *   timed at one batch size only; not a backend missing from this browser
 */
export const isUnfinished = (p: BackendProbe): boolean =>
  p.ok ? p.timings.length < 2 : !FOR_GOOD.test(p.note);

/**
 * The time backend `index` of `count` gets, starting `elapsedMs` into the probe. Its worker times
 * steps for 80% of a fair share of what is left of the first budget while it lasts (after it,
 * BACKGROUND_STEP_MS), so that a fast backend answers within it; the probe waits for it up to a fair share of
 * what is left of the whole budget, so that a slow start (shader compilation) finishes in the
 * background rather than being cut at the first answer.
 * @param index the backend's place in the order
 * @param count how many are measured
 * @param elapsedMs time since the probe started
 * @param budgets the first answer's budget and the whole one
 * @returns the worker's time for timed steps and the probe's deadline for it (ms from now), or
 *   null when too little is left
 */
export function timeFor(
  index: number,
  count: number,
  elapsedMs: number,
  budgets: ProbeBudgets,
): { stepMs: number; deadlineMs: number } | null {
  const later = count - index;
  const deadlineMs = (budgets.totalMs - elapsedMs) / later;
  if (deadlineMs < MIN_SHARE_MS) return null;
  const quickLeft = budgets.quickMs - elapsedMs;
  const stepMs = quickLeft >= MIN_SHARE_MS * later ? (0.8 * quickLeft) / later : BACKGROUND_STEP_MS;
  return { stepMs, deadlineMs };
}

/**
 * @param report the report when the probe stopped
 * @param why why it stopped, e.g. "stopped when a run started"
 * @returns the report with nothing pending: each pending backend keeps what it timed, or says
 *   it was not measured and why
 */
export function stopPending(report: ProbeReport, why: string): ProbeReport {
  const probes = report.probes.map((p) => {
    if (!report.pending.includes(p.name)) return p;
    return p.ok
      ? { ...p, note: `${p.note} (${why})` }
      : notMeasured(p.name, `not measured: ${why}`, p.totalMs, p);
  });
  return { ...report, probes, pending: [] };
}

/**
 * @param last the report a longer probe continues
 * @param fresh the longer probe's report (some backends only)
 * @returns the last report with the backends the longer one measured replaced; its first answer
 *   stays the last one's, its time is both probes' (the longer one answers at once)
 */
export function mergeReports(last: ProbeReport | null, fresh: ProbeReport): ProbeReport {
  if (last === null) return fresh;
  const probes = last.probes.map((p) => fresh.probes.find((f) => f.name === p.name) ?? p);
  const totalMs = last.totalMs + fresh.totalMs;
  return { ...fresh, probes, answeredMs: last.answeredMs, totalMs };
}
