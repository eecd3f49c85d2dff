/**
 * The backend probe's state, outside React: measured once per page (again on request), shared by
 * the Train form's estimate and by a run set to 'auto'. One probe at a time: asking while one
 * runs waits for it. Nothing here reaches a link.
 */
import { create } from 'zustand';
import { probeTrainingBackends, type ProbeReport } from '../../client/probeClient.ts';
import type { BackendName, BackendProbe } from '../../worker/protocol.ts';

/** The probe's state. */
export interface ProbeState {
  /** The last finished probe, with when it ended (ms since the epoch). */
  report: (ProbeReport & { readonly at: number }) | null;
  /** Backends measured so far by the probe in flight; null when none runs. */
  running: readonly BackendProbe[] | null;
  error: string | null;
}

/** The probe's store (not persisted, not linked). */
export const useProbeStore = create<ProbeState>()(() => ({
  report: null,
  running: null,
  error: null,
}));

let inFlight: Promise<ProbeReport | null> | null = null;
let controller: AbortController | null = null;

/** The longer probe offered when some backends measured nothing in the usual 10 s. */
export const LONG_PROBE_MS = 60_000;

/**
 * @param report the last probe
 * @returns the backends it could not measure within its budget, or measured at one batch size
 */
export const unmeasured = (report: ProbeReport | null): BackendName[] =>
  report?.probes
    .filter((p) => (p.ok ? p.timings.length < 2 : /^(no step|not measured)/.test(p.note)))
    .map((p) => p.name) ?? [];

/**
 * Measures the training backends (or returns the last measurement).
 * @param opts `again`: measure even when a measurement exists; `longer`: give the backends the
 *   last probe could not measure up to LONG_PROBE_MS, the others keep their measurement
 * @returns the report, or null when the probe failed or was stopped
 */
export function measureBackends(
  opts: { readonly again?: boolean; readonly longer?: boolean } = {},
): Promise<ProbeReport | null> {
  const last = useProbeStore.getState().report;
  if (inFlight) return inFlight;
  if (last && !opts.again && !opts.longer) return Promise.resolve(last);
  const only = opts.longer ? unmeasured(last) : undefined;
  controller = new AbortController();
  useProbeStore.setState({ running: [], error: null });
  inFlight = probeTrainingBackends({
    signal: controller.signal,
    ...(only ? { only, budgetMs: LONG_PROBE_MS } : {}),
    onProbe: (p) => useProbeStore.setState((s) => ({ running: [...(s.running ?? []), p] })),
  })
    .then((fresh) => {
      // a longer probe replaces only the backends it measured again
      const probes = (last?.probes ?? fresh.probes).map(
        (p) => fresh.probes.find((f) => f.name === p.name) ?? p,
      );
      const report = only ? { ...fresh, probes } : fresh;
      useProbeStore.setState({ report: { ...report, at: Date.now() }, running: null });
      return report;
    })
    .catch((e: unknown) => {
      const stopped = controller?.signal.aborted === true;
      useProbeStore.setState({
        running: null,
        error: stopped ? null : `The probe failed: ${e instanceof Error ? e.message : String(e)}`,
      });
      return null;
    })
    .finally(() => {
      inFlight = null;
      controller = null;
    });
  return inFlight;
}

/** Stops a probe in flight (its worker ends at once); the last finished report stays. */
export function stopProbe(): void {
  controller?.abort();
}
