/**
 * The Lab's side-by-side comparison: the Lab's architecture and up to three others, with
 * parameters, multiply-adds and measured latency by depth in one table and one chart. The choice
 * of architectures is part of the permalink; latency is measured on this machine, on request.
 */
import { useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../state/store.ts';
import { CATALOG } from '../../zoo/catalog.ts';
import { formatParams } from '../charts/format.ts';
import { BackendBadge } from './BackendBadge.tsx';
import { CompareChart, METRICS, type CompareMetric } from './CompareChart.tsx';
import { ComparePicker } from './ComparePicker.tsx';
import { TABLE_SHARES, latencyKey, tableRows, type CompareRow } from './compareNumbers.ts';
import { formatMacs } from './labNumbers.ts';
import { COMPARE_RUNS, useCompareLatency } from './useCompareLatency.ts';

function CompareTable(props: {
  readonly rows: readonly CompareRow[];
  readonly latency: ReadonlyMap<string, number>;
}) {
  return (
    <div className="compare-scroll">
      <table className="data-table compare-table" data-testid="compare-table">
        <caption>
          Each architecture at {TABLE_SHARES.map((s) => `${s * 100}%`).join(', ')} of its units kept
          (nearest whole unit), with a 5-output head at its native input size
        </caption>
        <thead>
          <tr>
            <th scope="col">Architecture</th>
            <th scope="col">Units kept</th>
            <th scope="col">Parameters</th>
            <th scope="col">Multiply-adds</th>
            <th scope="col">Latency (ms)</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => {
            const ms = props.latency.get(latencyKey(r.arch, r.depth.unitsRemoved));
            return (
              <tr key={`${r.arch}-${r.depth.unitsKept}`} data-arch={r.arch}>
                <th scope="row">{CATALOG[r.arch].label}</th>
                <td>
                  {r.depth.unitsKept} of {r.unitsTotal}
                </td>
                <td title={r.depth.trainable.toLocaleString('en-US')}>
                  {formatParams(r.depth.trainable)}
                </td>
                <td>{formatMacs(r.depth.macs)}</td>
                <td>{ms === undefined ? 'not measured' : ms.toFixed(1)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** @returns the comparison section of the Lab */
export function LabComparison() {
  const { arch, compare } = useStore(
    useShallow((s) => ({ arch: s.labArch, compare: s.labCompare })),
  );
  const archs = useMemo(() => [arch, ...compare], [arch, compare]);
  const rows = useMemo(() => tableRows(archs), [archs]);
  const [metric, setMetric] = useState<CompareMetric>('params');
  const { latency, backend, status, measure, cancel } = useCompareLatency();
  const running = status.type === 'running';
  return (
    <section className="chart lab-compare" aria-labelledby="lab-compare-title">
      <h3 id="lab-compare-title">Compare architectures side by side</h3>
      <details className="compare-choose">
        <summary>
          Compared: {archs.map((a) => CATALOG[a].label).join(', ')}
          {compare.length === 0 && ' (pick up to three more)'}
        </summary>
        <ComparePicker />
      </details>
      {compare.length > 0 && (
        <>
          <fieldset className="compare-metric">
            <legend>Chart</legend>
            {(Object.keys(METRICS) as CompareMetric[]).map((m) => (
              <label key={m} className="radio">
                <input
                  type="radio"
                  name="compare-metric"
                  checked={metric === m}
                  onChange={() => setMetric(m)}
                />
                {METRICS[m].label}
              </label>
            ))}
          </fieldset>
          <CompareChart archs={archs} metric={metric} latency={latency} />
          {metric === 'latency' && latency.size === 0 && (
            <p className="small muted">No latency measured yet: use the button below the table.</p>
          )}
          <CompareTable rows={rows} latency={latency} />
          <div className="chart-actions">
            <button type="button" onClick={() => void measure(rows)} disabled={running}>
              Measure all {rows.length} latencies
            </button>
            {running && (
              <button type="button" onClick={cancel}>
                Cancel
              </button>
            )}
            {backend && <BackendBadge info={backend} />}
          </div>
          <p className="small muted">
            Counts are analytic (the Lab's block tables). Latency: each model built with random
            weights in the worker, batch 1 at its native input size, {COMPARE_RUNS.warmupRuns}{' '}
            warm-up runs then the median of {COMPARE_RUNS.timedRuns}, on this machine.
          </p>
          {running && <p role="status">{status.label}</p>}
          {status.type === 'error' && (
            <p className="message error" role="alert">
              Latency measurement stopped: {status.message}
            </p>
          )}
        </>
      )}
    </section>
  );
}
