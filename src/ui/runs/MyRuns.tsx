/**
 * My runs: every finished training run (own ones, kept in this browser, and ones from a link),
 * with delete, "Keep" for runs from a link, CSV/JSON export and clear-all with a confirmation.
 * The Study Explorer shows it under the charts; the Train panel may render it too.
 */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RunRecord } from '../../study/runs.ts';
import { runsToCsv, runsToJson } from '../../study/runs.ts';
import { CHEXPERT_TASKS } from '../../study/types.ts';
import { useStore } from '../../state/store.ts';
import { download } from '../charts/exportChart.ts';
import { allRuns } from '../useCurrentStudy.ts';

const auc = (v: number | null | undefined): string => (v == null ? '–' : v.toFixed(3));

function RunRow({ run, shared }: { readonly run: RunRecord; readonly shared: boolean }) {
  const { removeRun, keepSharedRun } = useStore(
    useShallow((s) => ({ removeRun: s.removeRun, keepSharedRun: s.keepSharedRun })),
  );
  return (
    <tr data-run-id={run.id}>
      <th scope="row">
        {run.arch}
        {shared && <span className="badge"> from link</span>}
      </th>
      <td>
        {run.initialisedFrom
          ? `in-domain (${run.initialisedFrom})`
          : run.pretrained
            ? 'ImageNet'
            : 'random'}
      </td>
      <td>{run.unitsRemoved}</td>
      <td>{run.inputSize}</td>
      <td>{run.dataset.label}</td>
      <td>{auc(run.meanAuc)}</td>
      <td className="small">
        {CHEXPERT_TASKS.map((t) => `${t}: ${auc(run.perTaskAuc[t])}`).join('; ')}
      </td>
      <td>
        {run.epochs}
        {run.stopped ? ' (stopped)' : ''}
      </td>
      <td>{run.backend}</td>
      <td>{run.finishedAt.slice(0, 16).replace('T', ' ')}</td>
      <td>
        {shared ? (
          <button type="button" onClick={() => void keepSharedRun(run.id)}>
            Keep
          </button>
        ) : (
          <button
            type="button"
            aria-label={`Delete run ${run.arch} of ${run.finishedAt}`}
            onClick={() => void removeRun(run.id)}
          >
            Delete
          </button>
        )}
      </td>
    </tr>
  );
}

function ClearAll({ count }: { readonly count: number }) {
  const clearRuns = useStore((s) => s.clearRuns);
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button type="button" onClick={() => setAsking(true)} disabled={count === 0}>
        Clear all…
      </button>
    );
  return (
    <span role="group" aria-label="Confirm clearing">
      Delete all {count} of your runs from this browser?{' '}
      <button
        type="button"
        onClick={() => {
          void clearRuns();
          setAsking(false);
        }}
      >
        Delete all
      </button>{' '}
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}

const COLUMNS = [
  'Architecture',
  'Init',
  'Units removed',
  'Input',
  'Dataset',
  'Mean AUC',
  'Per-task AUC',
  'Epochs',
  'Backend',
  'Finished (UTC)',
  '',
];

/**
 * @returns the My runs panel (a heading and a line when there are no runs yet)
 */
export function MyRuns() {
  const { runs, shared, notice } = useStore(
    useShallow((s) => ({ runs: s.runs, shared: s.sharedRuns, notice: s.runsNotice })),
  );
  const every = allRuns(runs, shared);
  const stamp = new Date().toISOString().slice(0, 10);
  const exportAs = (kind: 'csv' | 'json') =>
    download(
      new Blob([kind === 'csv' ? runsToCsv(every) : runsToJson(every)], {
        type: kind === 'csv' ? 'text/csv' : 'application/json',
      }),
      `chextransfer-my-runs-${stamp}.${kind}`,
    );
  return (
    <section className="my-runs" aria-labelledby="my-runs-title">
      <h3 id="my-runs-title">My runs</h3>
      {notice && (
        <p className="message warning" role="status">
          {notice}
        </p>
      )}
      {every.length === 0 ? (
        <p className="muted">
          No runs yet. A run finished in the Train tab appears here and on every chart.
        </p>
      ) : (
        <>
          <div className="table-scroll">
            <table className="data-table" data-testid="my-runs-table">
              <caption>
                {runs.length} run(s) kept in this browser
                {shared.length > 0 ? `, ${shared.length} from the link` : ''}
              </caption>
              <thead>
                <tr>
                  {COLUMNS.map((c) => (
                    <th key={c} scope="col">
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {runs.map((r) => (
                  <RunRow key={r.id} run={r} shared={false} />
                ))}
                {shared
                  .filter((r) => !runs.some((o) => o.id === r.id))
                  .map((r) => (
                    <RunRow key={r.id} run={r} shared />
                  ))}
              </tbody>
            </table>
          </div>
          <div className="chart-actions">
            <button type="button" onClick={() => exportAs('csv')}>
              Export CSV
            </button>
            <button type="button" onClick={() => exportAs('json')}>
              Export JSON
            </button>
            <ClearAll count={runs.length} />
          </div>
        </>
      )}
    </section>
  );
}
