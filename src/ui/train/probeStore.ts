/**
 * The backend probe's state, outside React: measured once per browser session and backend set
 * (kept in sessionStorage, again on request), shared by the Train form's estimate and by a run set
 * to 'auto'. One probe at a time: asking while one runs waits for its first answer. After the
 * first answer the probe may go on in the background for the backends it did not finish; each
 * result updates the report, and so the estimates and the automatic choice. A run stops it.
 * Nothing here reaches a link.
 */
import { create } from 'zustand';
import {
  LONG_PROBE_MS,
  probeTrainingBackends,
  TRAIN_BACKENDS,
  type ProbeReport,
} from '../../client/probeClient.ts';
import { isUnfinished, mergeReports, stopPending } from '../../client/probeReport.ts';
import type { BackendName, BackendProbe } from '../../worker/protocol.ts';

export { LONG_PROBE_MS };

/** A report, with when it was made (ms since the epoch) and whether it came from this session. */
export type StoredReport = ProbeReport & { readonly at: number; readonly restored?: boolean };

/** The probe's state. */
export interface ProbeState {
  /** The report from the first answer on (updated while backends are pending), or null. */
  report: StoredReport | null;
  /** Before the first answer: the backends so far (the one in flight as it goes); else null. */
  running: readonly BackendProbe[] | null;
  error: string | null;
}

/** The probe's store (not persisted beyond the session, not linked). */
export const useProbeStore = create<ProbeState>()(() => ({
  report: null,
  running: null,
  error: null,
}));

let inFlight: Promise<ProbeReport | null> | null = null;
let controller: AbortController | null = null;

/** The session's cache: one report per set of backends measured. */
const CACHE_KEY = `chextransfer.probe:${TRAIN_BACKENDS.join(',')}`;

function readCache(): StoredReport | null {
  try {
    const text = sessionStorage.getItem(CACHE_KEY);
    return text === null ? null : { ...(JSON.parse(text) as StoredReport), restored: true };
  } catch {
    return null; // no storage (a sandboxed frame) or a damaged entry: measure again
  }
}

function writeCache(report: StoredReport): void {
  try {
    sessionStorage.setItem(CACHE_KEY, JSON.stringify({ ...report, restored: undefined }));
  } catch {
    // no storage: the next page load measures again
  }
}

/**
 * @param report the last probe
 * @returns the backends more time could measure (cut short, never reached, stopped, one batch
 *   size only), once nothing is pending
 */
export const unmeasured = (report: ProbeReport | null): BackendName[] =>
  report === null || report.pending.length > 0
    ? []
    : report.probes.filter(isUnfinished).map((p) => p.name);

/**
 * Measures the training backends (or returns the last measurement).
 * @param opts `again`: measure even when a measurement exists; `longer`: measure the backends
 *   the last probe could not finish, up to LONG_PROBE_MS (the others keep their measurement)
 * @returns the first answer (within 10 s; a longer probe answers at once with the last report),
 *   or null when the probe failed or was stopped before it
 */
export function measureBackends(
  opts: { readonly again?: boolean; readonly longer?: boolean } = {},
): Promise<ProbeReport | null> {
  if (inFlight) return inFlight;
  const last = useProbeStore.getState().report;
  if (last && !opts.again && !opts.longer) return Promise.resolve(last);
  const cached = opts.again || opts.longer ? null : readCache();
  if (cached) {
    useProbeStore.setState({ report: cached });
    return Promise.resolve(cached);
  }
  stopProbe('stopped: measured again'); // a background probe of the last report, if any
  return startProbe(opts.longer ? unmeasured(last) : undefined, last);
}

/** A probe's report so far, and whether its first answer was given. */
type Latest = { readonly report: ProbeReport; readonly answered: boolean } | null;

/**
 * After a probe failed or was stopped: a failure is said; a stopped probe keeps what it measured,
 * the rest saying why not (see stopPending).
 */
function ended(control: AbortController, latest: Latest, merge: Merge, e: unknown): void {
  if (!control.signal.aborted)
    useProbeStore.setState({
      running: null,
      error: `The probe failed: ${e instanceof Error ? e.message : String(e)}`,
    });
  else if (latest) {
    const why = typeof control.signal.reason === 'string' ? control.signal.reason : 'stopped';
    const stored = merge(stopPending(latest.report, why));
    useProbeStore.setState({ report: stored, running: null });
    writeCache(stored);
  } else useProbeStore.setState({ running: null });
}

type Merge = (r: ProbeReport) => StoredReport;

/**
 * @param only the backends a longer probe measures (it answers at once), or every one
 * @param last the report a longer probe continues
 * @returns the first answer (see measureBackends)
 */
function startProbe(only: BackendName[] | undefined, last: StoredReport | null) {
  const merge: Merge = (r) => ({ ...(only ? mergeReports(last, r) : r), at: Date.now() });
  const control = new AbortController();
  controller = control;
  const mine = (): boolean => controller === control; // else a newer probe owns the store
  let latest: Latest = null;
  let answer: (r: ProbeReport | null) => void = () => undefined;
  const first = new Promise<ProbeReport | null>((resolve) => (answer = resolve));
  inFlight = first;
  useProbeStore.setState({ running: [], error: null, ...(only ? {} : { report: null }) });
  probeTrainingBackends({
    signal: control.signal,
    ...(only ? { only, budgets: { quickMs: 0, totalMs: LONG_PROBE_MS } } : {}),
    onUpdate: (report, answered) => {
      if (!mine()) return;
      latest = { report, answered };
      if (!answered) return useProbeStore.setState({ running: report.probes });
      const stored = merge(report);
      useProbeStore.setState({ report: stored, running: null });
      inFlight = null; // the first answer is in: asking again gets the report
      answer(stored);
    },
  })
    .then((fresh) => {
      if (!mine()) return;
      const stored = merge(fresh);
      useProbeStore.setState({ report: stored, running: null });
      writeCache(stored);
      answer(stored);
    })
    .catch((e: unknown) => {
      if (!mine() && controller !== null) return answer(null);
      ended(control, latest, merge, e);
      answer(useProbeStore.getState().report);
    })
    .finally(() => {
      if (inFlight === first) inFlight = null;
      if (mine()) controller = null;
    });
  return first;
}

/**
 * Stops a probe in flight, first answer or background (its worker ends at once); what it
 * measured stays, the rest says why it was not measured.
 * @param why in words, e.g. "stopped when a run started"
 */
export function stopProbe(why = 'stopped'): void {
  if (controller === null) return;
  // at once, not when the probe's promise settles: a run reads the report right after this
  const { report } = useProbeStore.getState();
  if (report && report.pending.length > 0)
    useProbeStore.setState({ report: { ...stopPending(report, why), at: report.at } });
  controller.abort(why);
}
