import { useShallow } from 'zustand/react/shallow';
import { RefusalMessage } from '../components/RefusalMessage.tsx';
import { FirstModelOffer } from './FirstModelOffer.tsx';
import { queueLine, type MissingRows } from './queueProgress.ts';
import { cancelQueue, clearFinished, runMissing } from './xrayQueue.ts';
import { useXrayStore } from './xrayStore.ts';

/** @returns one button per model whose row some shown images lack */
function MissingOffer({ missing }: { readonly missing: readonly MissingRows[] }) {
  return (
    <div className="chart-actions" data-testid="missing-rows">
      {missing.map((m) =>
        m.runnable.length > 0 ? (
          <button key={m.modelId} type="button" onClick={() => runMissing(m.modelId, m.runnable)}>
            Run {m.modelId} on {m.runnable.length} image{m.runnable.length === 1 ? '' : 's'}
          </button>
        ) : (
          <span key={m.modelId} className="small muted">
            {m.modelId}: drop the images again to add its row.
          </span>
        ),
      )}
    </div>
  );
}

/** @returns the per-file status table, the status line, the offers, Cancel and Clear */
export function QueueList() {
  const { items, notice, selected } = useXrayStore(
    useShallow((s) => ({ items: s.items, notice: s.notice, selected: s.selected })),
  );
  const line = queueLine(items, selected);
  if (line === null && notice === null) return null;
  const active = line?.kind === 'running' || line?.kind === 'waiting';
  const batch = items.filter((it) => it.status !== 'cancelled');
  return (
    <section className="xray-queue" aria-labelledby="xray-queue-title">
      <h3 id="xray-queue-title">Queue</h3>
      <div className="chart-actions">
        <p
          role="status"
          data-testid="xray-progress"
          data-kind={line?.kind ?? 'empty'}
          className="xray-progress"
        >
          {line?.text ?? ''}
        </p>
        {active && (
          <button type="button" onClick={() => void cancelQueue()}>
            Cancel
          </button>
        )}
        {!active && items.length > 0 && (
          <button type="button" onClick={clearFinished}>
            Clear results
          </button>
        )}
      </div>
      {line?.kind === 'waiting' && <FirstModelOffer />}
      {line?.kind === 'incomplete' && <MissingOffer missing={line.missing} />}
      {line?.kind === 'running' && (
        <progress
          max={batch.length}
          value={batch.filter((it) => it.status === 'done' || it.status === 'error').length}
          aria-label="Batch progress"
        />
      )}
      {notice && <p className="message warning">{notice}</p>}
      <table className="data-table xray-queue-table" data-testid="xray-queue">
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Status</th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {items.map((it) => (
            <tr key={it.key} data-status={it.status}>
              <th scope="row">{it.name}</th>
              <td className={`xray-state-${it.status}`}>{it.status}</td>
              <td>
                {it.refusal ? (
                  <RefusalMessage refusal={it.refusal} tone="plain" role={null} />
                ) : (
                  (it.message ??
                  (it.status === 'queued' && selected.length === 0 ? 'waiting for a model' : ''))
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
