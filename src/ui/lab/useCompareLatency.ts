/**
 * Measures the latency of every row of the Lab comparison table, one model after another in the
 * worker, through the same client call as the single-model latency panel (so whichever inference
 * engine the worker runs is measured). Results stay for the session, keyed by architecture and
 * depth; a cancelled run keeps what it had measured.
 */
import { useCallback, useRef, useState } from 'react';
import { ensureBackend, measureLatency, preferredBackend } from '../../client/studyClient.ts';
import { errorText } from '../../refusal/refusal.ts';
import type { BackendInfo } from '../../worker/protocol.ts';
import { CATALOG } from '../../zoo/catalog.ts';
import { latencyKey, type CompareRow } from './compareNumbers.ts';
import { CHEXPERT_CLASSES } from './labNumbers.ts';

/**
 * Warm-up and timed runs per model: fewer timed runs than the single-model panel, as a table has
 * up to 16 rows; two warm-ups, as a model's first runs carry one-off costs.
 */
export const COMPARE_RUNS = { warmupRuns: 2, timedRuns: 3 } as const;

/** Where a comparison measurement stands. */
export type CompareStatus =
  | { readonly type: 'idle' }
  | { readonly type: 'running'; readonly label: string }
  | { readonly type: 'error'; readonly message: string };

/** @returns measured medians by latencyKey, the backend, the status, and start/cancel */
export function useCompareLatency() {
  const [latency, setLatency] = useState<ReadonlyMap<string, number>>(new Map());
  const [backend, setBackend] = useState<BackendInfo | null>(null);
  const [status, setStatus] = useState<CompareStatus>({ type: 'idle' });
  const abort = useRef<AbortController | null>(null);

  const measure = useCallback(async (rows: readonly CompareRow[]): Promise<void> => {
    const controller = new AbortController();
    abort.current = controller;
    try {
      setStatus({ type: 'running', label: 'Starting the worker and checking the backend…' });
      setBackend(await ensureBackend(preferredBackend()));
      for (const [i, r] of rows.entries()) {
        if (controller.signal.aborted) break;
        setStatus({
          type: 'running',
          label: `Timing ${i + 1} of ${rows.length}: ${CATALOG[r.arch].label}, ${r.depth.unitsKept} of ${r.unitsTotal} units…`,
        });
        const { unitsRemoved } = r.depth;
        const result = await measureLatency(
          { arch: r.arch, unitsRemoved, numClasses: CHEXPERT_CLASSES, ...COMPARE_RUNS },
          controller.signal,
        );
        setLatency((m) => new Map(m).set(latencyKey(r.arch, unitsRemoved), result.medianMs));
      }
      setStatus({ type: 'idle' });
    } catch (error) {
      const cancelled = controller.signal.aborted;
      setStatus(cancelled ? { type: 'idle' } : { type: 'error', message: errorText(error) });
      // Cancelling stops the worker: the next run starts a new one and checks its backend again.
      if (cancelled) setBackend(null);
    } finally {
      abort.current = null;
    }
  }, []);

  const cancel = useCallback(() => abort.current?.abort(), []);
  return { latency, backend, status, measure, cancel };
}
