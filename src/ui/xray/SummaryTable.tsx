import { useState } from 'react';
import { CHEXPERT_TASKS } from '../../study/types.ts';
import { sortRows, summaryRows } from './summaryRows.ts';
import type { SortKey } from './summaryRows.ts';
import { useXrayStore } from './xrayStore.ts';

const COLUMNS: readonly { key: SortKey; label: string }[] = [
  { key: 'file', label: 'File' },
  { key: 'model', label: 'Model' },
  ...CHEXPERT_TASKS.map((task, k) => ({ key: k, label: task })),
];

/** @returns all images in one table, one row per (image, model), sortable by any column */
export function SummaryTable() {
  const items = useXrayStore((s) => s.items);
  const threshold = useXrayStore((s) => s.threshold);
  const calibrated = useXrayStore((s) => s.calibrated);
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({
    key: 'file',
    descending: false,
  });
  const rows = sortRows(summaryRows(items, calibrated), sort.key, sort.descending);
  if (rows.length === 0) return null;
  const toggle = (key: SortKey): void =>
    setSort((s) => ({ key, descending: s.key === key ? !s.descending : typeof key === 'number' }));
  return (
    <section className="xray-summary" aria-labelledby="xray-summary-title">
      <h3 id="xray-summary-title">Compare images</h3>
      <div className="table-scroll">
        <table className="data-table" data-testid="xray-summary">
          <caption>
            Probability per finding
            {calibrated ? ' (calibrated where a model publishes operating points)' : ''}; click a
            heading to sort. Bold: at or above the threshold ({threshold.toFixed(2)}).
          </caption>
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th
                  key={c.key}
                  scope="col"
                  aria-sort={
                    sort.key === c.key ? (sort.descending ? 'descending' : 'ascending') : 'none'
                  }
                >
                  <button type="button" className="xray-sort" onClick={() => toggle(c.key)}>
                    {c.label}
                  </button>
                </th>
              ))}
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.file}</th>
                <td>
                  <code>{r.model}</code>
                </td>
                {CHEXPERT_TASKS.map((task, k) => {
                  const p = r.probabilities?.[k];
                  return (
                    <td
                      key={task}
                      className={typeof p === 'number' && p >= threshold ? 'above' : undefined}
                    >
                      {p === undefined ? '—' : p === null ? 'not predicted' : p.toFixed(3)}
                    </td>
                  );
                })}
                <td>
                  {r.probabilities === null && r.note === 'out of distribution'
                    ? 'hidden: out of distribution'
                    : r.note}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
