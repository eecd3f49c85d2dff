import { memo, useRef, useState } from 'react';
import { ensureBackend, measureLatency, preferredBackend } from '../../client/studyClient.ts';
import type { BackendInfo, LatencyResult } from '../../worker/protocol.ts';
import { CATALOG, type ArchId } from '../../zoo/catalog.ts';
import { BackendBadge } from './BackendBadge.tsx';
import { latencyRuntime } from './backendText.ts';
import { CHEXPERT_CLASSES } from './labNumbers.ts';

interface Props {
  readonly arch: ArchId;
  readonly unitsRemoved: number;
}

type Status =
  | { readonly type: 'idle' }
  | { readonly type: 'running'; readonly label: string }
  | { readonly type: 'error'; readonly message: string };

/** @returns the "Measure latency" control and the measurements made this session */
export const LatencyPanel = memo(function LatencyPanel({ arch, unitsRemoved }: Props) {
  const [status, setStatus] = useState<Status>({ type: 'idle' });
  const [backend, setBackend] = useState<BackendInfo | null>(null);
  const [results, setResults] = useState<LatencyResult[]>([]);
  const abort = useRef<AbortController | null>(null);

  const measure = async (): Promise<void> => {
    const controller = new AbortController();
    abort.current = controller;
    try {
      setStatus({ type: 'running', label: 'Starting the worker and checking the backend…' });
      setBackend(await ensureBackend(preferredBackend()));
      setStatus({
        type: 'running',
        label: `Building ${CATALOG[arch].label} and timing inference…`,
      });
      const result = await measureLatency(
        { arch, unitsRemoved, numClasses: CHEXPERT_CLASSES, warmupRuns: 2, timedRuns: 5 },
        controller.signal,
      );
      setResults((previous) => [result, ...previous].slice(0, 20));
      setStatus({ type: 'idle' });
    } catch (error) {
      const cancelled = controller.signal.aborted;
      setStatus(cancelled ? { type: 'idle' } : { type: 'error', message: String(error) });
      if (cancelled) setBackend(null);
    } finally {
      abort.current = null;
    }
  };

  return (
    <section className="latency" aria-label="Measured latency">
      <h3>Measured inference latency</h3>
      <p className="small muted">
        Builds this truncated model (random weights) in a Web Worker and times batch-1 inference at
        the native input size: 2 warm-up runs, then the median of 5.
      </p>
      <div className="chart-actions">
        <button type="button" onClick={() => void measure()} disabled={status.type === 'running'}>
          Measure latency
        </button>
        {status.type === 'running' && (
          <button type="button" onClick={() => abort.current?.abort()}>
            Cancel
          </button>
        )}
        {backend && <BackendBadge info={backend} />}
      </div>
      {status.type === 'running' && <p role="status">{status.label}</p>}
      {status.type === 'error' && (
        <p className="message error" role="alert">
          Latency measurement failed: {status.message}
        </p>
      )}
      {results.length > 0 && (
        <table className="data-table" data-testid="latency-results">
          <caption>Measurements this session (newest first)</caption>
          <thead>
            <tr>
              <th scope="col">Architecture</th>
              <th scope="col">Units removed</th>
              <th scope="col">Backend</th>
              <th scope="col">Median (ms)</th>
              <th scope="col">Runs (ms)</th>
              <th scope="col">Build (ms)</th>
            </tr>
          </thead>
          <tbody>
            {results.map((r, i) => (
              <tr key={`${r.arch}-${r.unitsRemoved}-${i}`}>
                <th scope="row">{CATALOG[r.arch as ArchId]?.label ?? r.arch}</th>
                <td>{r.unitsRemoved}</td>
                <td data-testid="latency-runtime">{latencyRuntime(r)}</td>
                <td>{r.medianMs.toFixed(1)}</td>
                <td>{r.runsMs.map((ms) => ms.toFixed(0)).join(', ')}</td>
                <td>{r.buildMs.toFixed(0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
});
