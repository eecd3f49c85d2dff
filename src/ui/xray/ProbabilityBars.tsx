import { findingRows } from './findingRows.ts';

interface Props {
  readonly probabilities: readonly number[];
  readonly threshold: number;
  readonly sorted: boolean;
}

/** @returns one bar per finding; those at or above the threshold are marked */
export function ProbabilityBars({ probabilities, threshold, sorted }: Props) {
  return (
    <ul className="xray-bars" aria-label="Probability per finding" data-testid="probabilities">
      {findingRows(probabilities, sorted).map(({ task, p }) => {
        const above = p >= threshold;
        return (
          <li key={task} className={above ? 'above' : undefined} data-testid="finding">
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
            <span className="xray-bar-flag small">{above ? '≥ threshold' : ''}</span>
          </li>
        );
      })}
    </ul>
  );
}
