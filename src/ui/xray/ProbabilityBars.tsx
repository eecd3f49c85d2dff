import type { FindingRow } from './findingRows.ts';

interface Props {
  readonly rows: readonly FindingRow[];
  readonly threshold: number;
}

/** @returns "not predicted" for a CheXpert task the model has no output for (never a 0 bar) */
function NotPredicted({ task }: { readonly task: string }) {
  return (
    <li className="not-predicted" data-testid="finding" data-task={task}>
      <span className="xray-bar-label">{task}</span>
      <span className="xray-bar-value small muted" data-testid="probability">
        not predicted
      </span>
      <span className="xray-bar-flag small">this model has no output for it</span>
    </li>
  );
}

/** @returns one bar per finding; those at or above the threshold are marked */
export function ProbabilityBars({ rows, threshold }: Props) {
  const firstOther = rows.findIndex((r) => !r.chexpert);
  return (
    <ul className="xray-bars" aria-label="Probability per finding" data-testid="probabilities">
      {rows.map(({ task, p, calibrated }, i) => {
        if (p === null) return <NotPredicted key={task} task={task} />;
        const above = p >= threshold;
        return (
          <li
            key={task}
            className={`${above ? 'above' : ''}${i === firstOther ? ' first-other' : ''}`}
            data-testid="finding"
            data-task={task}
            data-calibrated={calibrated}
          >
            <span className="xray-bar-label">{task}</span>
            <span className="xray-bar-track" aria-hidden="true">
              <span className="xray-bar-fill" style={{ width: `${(p * 100).toFixed(1)}%` }} />
              <span
                className="xray-bar-threshold"
                style={{ left: `${(threshold * 100).toFixed(1)}%` }}
              />
            </span>
            <span className="xray-bar-value" data-testid="probability">
              {p.toFixed(3)}
            </span>
            <span className="xray-bar-flag small">
              {above ? '≥ threshold' : ''}
              {calibrated ? ' calibrated' : ''}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
