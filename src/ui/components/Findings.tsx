/**
 * The study's findings in plain words, each with its reported statistic visible and a link that
 * scrolls to (and focuses) the chart carrying the evidence.
 */
import type { MouseEvent } from 'react';
import type { Study } from '../../study/types.ts';
import { chartAnchor } from '../charts/ChartFrame.tsx';
import { formatReported } from '../charts/format.ts';

const CONDITION_WORDS = {
  pretrained: 'pretrained',
  random: 'random init',
  both: 'all models',
} as const;

/**
 * Scrolls to a chart without touching the URL hash (the hash holds the permalink).
 * @param e the click
 * @param id the chart section's id
 */
function goTo(e: MouseEvent<HTMLAnchorElement>, id: string): void {
  e.preventDefault();
  const el = document.getElementById(id);
  el?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  el?.focus({ preventScroll: true });
}

/**
 * @param props the study
 * @returns an ordered list of findings, or nothing when the study states none
 */
export function Findings({ study }: { readonly study: Study }) {
  if (study.findings.length === 0) return null;
  return (
    <section className="findings" aria-labelledby="findings-title">
      <h2 id="findings-title">What the study found</h2>
      <ol>
        {study.findings.map((f) => {
          const stats = f.statisticIds.flatMap((id) =>
            study.reportedStatistics.filter((s) => s.id === id),
          );
          return (
            <li key={f.id} className="finding">
              <p>{f.text}</p>
              <p className="finding-stats">
                {stats.map((s) => (
                  <span key={s.id} className="stat-chip" title={`${s.name}. Source: ${s.source}`}>
                    {formatReported(s)} (reported, {CONDITION_WORDS[s.condition]})
                  </span>
                ))}
                <a href={`#${chartAnchor(f.chart)}`} onClick={(e) => goTo(e, chartAnchor(f.chart))}>
                  See the chart
                </a>
              </p>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
