/**
 * The study's findings in plain words, each with its reported statistic visible, any caveat on
 * that statistic's sourcing written out (not hidden in a tooltip), and a link that scrolls to
 * (and focuses) the chart carrying the evidence.
 */
import type { MouseEvent } from 'react';
import type { ChartId, Study } from '../../study/types.ts';
import { chartAnchor } from '../charts/ChartFrame.tsx';
import { isMarkedNotVerifiable } from '../../study/sources.ts';
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

/** The first URL of a source text as a link, the whole text as its title. */
function SourceLink({ source }: { readonly source: string }) {
  const url = /https?:\/\/[^\s),;]+/.exec(source)?.[0];
  return url ? (
    <a href={url} target="_blank" rel="noreferrer" title={source}>
      Source
    </a>
  ) : (
    <span>Source: {source}</span>
  );
}

/**
 * @param props the study, the heading (default "What the study found") and, in the evidence
 *   view, a sentence per chart on what it shows
 * @returns an ordered list of findings, or nothing when the study states none
 */
export function Findings({
  study,
  heading = 'What the study found',
  evidence,
  id,
}: {
  /** The section's DOM id, for links to it (the evidence view's "What CheXtransfer found"). */
  readonly id?: string;
  readonly study: Study;
  readonly heading?: string;
  /** A sentence on what the linked chart shows (the evidence view), or null while it is drawn. */
  readonly evidence?: (chart: ChartId) => string | null;
}) {
  if (study.findings.length === 0) return null;
  return (
    <section className="findings" aria-labelledby="findings-title" id={id} tabIndex={-1}>
      <h2 id="findings-title">{heading}</h2>
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
              {evidence && (
                <p className="finding-evidence small" data-testid="finding-evidence">
                  {evidence(f.chart) ?? 'Drawing…'}
                </p>
              )}
              {stats
                .filter((s) => s.confidence !== 'High')
                .map((s) => (
                  <p key={s.id} className="finding-caveat small" data-testid="finding-caveat">
                    Caveat on {formatReported(s)}: {s.confidence}.
                    {isMarkedNotVerifiable(s.source) ? ' Its source is not verifiable here.' : ''}{' '}
                    <SourceLink source={s.source} />
                  </p>
                ))}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
