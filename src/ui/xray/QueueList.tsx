import { useShallow } from 'zustand/react/shallow';
import { RefusalMessage } from '../components/RefusalMessage.tsx';
import { progressText } from './queueProgress.ts';
import { cancelQueue, clearFinished } from './xrayQueue.ts';
import { useXrayStore } from './xrayStore.ts';

/** @returns the per-file status table, the progress line, Cancel and Clear */
export function QueueList() {
  const { items, notice } = useXrayStore(useShallow((s) => ({ items: s.items, notice: s.notice })));
  const progress = progressText(items);
  if (items.length === 0 && notice === null) return null;
  return (
    <section className="xray-queue" aria-labelledby="xray-queue-title">
      <h3 id="xray-queue-title">Queue</h3>
      <div className="chart-actions">
        <p role="status" data-testid="xray-progress" className="xray-progress">
          {progress ??
            `Done: ${items.filter((it) => it.status === 'done').length} of ${items.length} files processed`}
        </p>
        {progress !== null && (
          <button type="button" onClick={() => void cancelQueue()}>
            Cancel
          </button>
        )}
        {progress === null && items.length > 0 && (
          <button type="button" onClick={clearFinished}>
            Clear results
          </button>
        )}
      </div>
      {progress !== null && (
        <progress
          max={items.filter((it) => it.status !== 'cancelled').length}
          value={items.filter((it) => it.status === 'done' || it.status === 'error').length}
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
                  (it.message ?? '')
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
