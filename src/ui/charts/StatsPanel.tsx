/**
 * Recomputed statistics for the current selection, each beside the value the study reported for
 * the same relation and condition (where it reported one).
 */
import type { ReportedStatistic } from '../../study/types.ts';
import type { CorrelationSummary } from './correlationSummary.ts';
import { BOOTSTRAP, MIN_N, formatP } from './correlationSummary.ts';
import { fmt, formatReported } from './format.ts';
import { GROUP_STYLE } from './familyColors.ts';

/** Props: one summary per group, plus extra rows (e.g. a Wilcoxon test) and unmatched reports. */
export interface StatsPanelProps {
  readonly title: string;
  readonly summaries: readonly CorrelationSummary[];
  /** Reported statistics to show even when nothing can be recomputed. */
  readonly reportedOnly: readonly ReportedStatistic[];
  readonly extra?: readonly { readonly label: string; readonly value: string }[];
}

function rowLabel(s: CorrelationSummary): string {
  return s.input.relation === 'boost-vs-params'
    ? 'pretrained − random pairs'
    : GROUP_STYLE[s.input.group].label;
}

function Reported({ items }: { items: readonly ReportedStatistic[] }) {
  if (items.length === 0) return <span className="muted">none reported</span>;
  return (
    <>
      {items.map((r) => (
        <span key={r.id} title={`${r.name}. Source: ${r.source}. Confidence: ${r.confidence}`}>
          {formatReported(r)} (reported{r.n !== null ? `, n = ${r.n}` : ''})
        </span>
      ))}
    </>
  );
}

/**
 * Renders the statistics table of a chart.
 * @param props see StatsPanelProps
 * @returns a table of recomputed and reported statistics
 */
export function StatsPanel({ title, summaries, reportedOnly, extra = [] }: StatsPanelProps) {
  if (summaries.length + reportedOnly.length + extra.length === 0) return null;
  return (
    <div className="stats">
      <table className="stats-table">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Models</th>
            <th scope="col">n</th>
            <th scope="col">Spearman ρ (p, method)</th>
            <th scope="col">95% bootstrap CI of ρ</th>
            <th scope="col">Kendall τ-b</th>
            <th scope="col">Pearson r</th>
            <th scope="col">Reported</th>
          </tr>
        </thead>
        <tbody>
          {summaries.map((s) => (
            <tr key={s.input.group} data-testid={`stat-${s.input.relation}-${s.input.group}`}>
              <th scope="row">{rowLabel(s)}</th>
              <td>{s.n}</td>
              <td className="stat-rho">
                {s.spearman
                  ? `${fmt(s.spearman.value)} (${formatP(s.spearman.p)}, ${s.spearman.method})`
                  : `needs n ≥ ${MIN_N}`}
              </td>
              <td>
                {s.ci ? `${fmt(s.ci.lo)} to ${fmt(s.ci.hi)}` : 'n/a'}
                {s.ci?.extended ? ' (extended to 0: p ≥ 0.05)' : ''}
              </td>
              <td>{s.kendall ? `${fmt(s.kendall.value)} (${formatP(s.kendall.p)})` : 'n/a'}</td>
              <td>{s.pearson ? `${fmt(s.pearson.value)} (${formatP(s.pearson.p)})` : 'n/a'}</td>
              <td>
                <Reported items={s.input.reported} />
              </td>
            </tr>
          ))}
          {reportedOnly.map((r) => (
            <tr key={r.id}>
              <th scope="row">
                {r.condition === 'both' ? 'all models' : GROUP_STYLE[r.condition].label}
              </th>
              <td>{r.n ?? 'n/a'}</td>
              <td colSpan={4} className="muted">
                not recomputable: no per-model results on this chart
              </td>
              <td>
                <Reported items={[r]} />
              </td>
            </tr>
          ))}
          {extra.map((e) => (
            <tr key={e.label}>
              <th scope="row">{e.label}</th>
              <td colSpan={6}>{e.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        Recomputed live on the models shown. Bootstrap: {BOOTSTRAP.resamples} resamples, seed{' '}
        {BOOTSTRAP.seed}. Method “exact” = permutation p-value; “t”/“normal” = asymptotic.
      </p>
    </div>
  );
}
