/**
 * Pieces the four study charts share: statistic summaries and fit bands from selector output,
 * caption lines, legend entries and table rows. Pure (no React).
 */
import type { ChartPoint, StatInput } from '../../study/selectors.ts';
import type { ReportedStatistic, Study } from '../../study/types.ts';
import type { CorrelationSummary } from './correlationSummary.ts';
import { fitWithBand, formatP, summarize } from './correlationSummary.ts';
import type { OverlayData } from './Overlay.tsx';
import { GROUP_STYLE, familyColor } from './familyColors.ts';
import { fmt, formatReported } from './format.ts';

const GROUP_COLOR = {
  pretrained: '#1f4e79',
  random: '#8a4b08',
  other: '#5a3a7a',
  unstated: '#555555',
} as const;

/**
 * Fit lines with 95% bands, one per group with enough points.
 * @param stats statistic inputs from a selector
 * @param toDataX maps the statistic's x back to the axis value (e.g. 10^x on a log axis)
 * @returns overlay bands
 */
export function bandsFor(
  stats: readonly StatInput[],
  toDataX: (x: number) => number = (x) => x,
): OverlayData['bands'] {
  return stats.flatMap((s) => {
    const fb = fitWithBand(s.x, s.y);
    if (!fb) return [];
    const points = fb.band.map((b) => ({ ...b, x: toDataX(b.x) }));
    return [{ key: s.group, color: GROUP_COLOR[s.group], points }];
  });
}

/**
 * @param stats statistic inputs from a selector
 * @returns one live summary per group
 */
export const summariesFor = (stats: readonly StatInput[]): CorrelationSummary[] =>
  stats.map(summarize);

/**
 * One caption line per group: recomputed ρ, p, n, and the reported value beside it.
 * @param summaries live summaries
 * @returns caption lines
 */
export function statCaption(summaries: readonly CorrelationSummary[]): string[] {
  return summaries.map((s) => {
    const label = GROUP_STYLE[s.input.group].label;
    const live = s.spearman
      ? `Spearman ρ = ${fmt(s.spearman.value)} (${formatP(s.spearman.p)}, ${s.spearman.method}), n = ${s.n}`
      : `n = ${s.n}: too few models for a correlation`;
    const reported = s.input.reported.map((r) => `${formatReported(r)} reported`).join('; ');
    return `${label}: ${live}${reported ? `; ${reported}` : ''}.`;
  });
}

/**
 * Legend entries (family colours) for the families on a chart.
 * @param points plotted points
 * @returns label/colour pairs
 */
export function legendFor(
  points: readonly { family: string }[],
): { label: string; color: string }[] {
  return [...new Set(points.map((p) => p.family))].map((f) => ({
    label: f,
    color: familyColor(f),
  }));
}

/**
 * The common leading columns of a point's table row.
 * @param p a point
 * @returns model, family, initialisation and truncation cells
 */
export function pointCells(p: ChartPoint): string[] {
  return [p.label, p.family, GROUP_STYLE[p.group].label, `${p.unitsRemoved}`];
}

/** Column headers matching `pointCells`. */
export const POINT_COLUMNS = ['Model', 'Family', 'Initialisation', 'Units removed'] as const;

/**
 * The metric's axis label, e.g. "AUROC (mean over the 5 CheXpert tasks)".
 * @param study the study
 * @returns the label
 */
export const metricLabel = (study: Study): string =>
  `${study.metric.name} (${study.metric.averaging})`;

/**
 * Ticks for a log axis at 1-2-5 steps covering the values (Recharts' auto ticks on a log scale
 * often show only the end points).
 * @param values the plotted x values (positive)
 * @returns the ticks and a domain that includes them
 */
export function logTicks(values: readonly number[]): { ticks: number[]; domain: [number, number] } {
  const pos = values.filter((v) => v > 0);
  if (pos.length === 0) return { ticks: [], domain: [1, 10] };
  const lo = Math.min(...pos) / 1.15;
  const hi = Math.max(...pos) * 1.15;
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e += 1) {
    for (const m of [1, 2, 5]) {
      const t = m * 10 ** e;
      if (t >= lo && t <= hi) ticks.push(t);
    }
  }
  return { ticks, domain: [lo, hi] };
}

/**
 * The reported statistics a chart shows on their own when it has no points to recompute them on.
 * @param study the study shown
 * @param pointCount points the chart plots
 * @param relation the relation the chart carries
 * @returns the study's reported statistics for that relation, or none when points exist
 */
export function reportedWhenEmpty(
  study: Study,
  pointCount: number,
  relation: ReportedStatistic['relation'],
): ReportedStatistic[] {
  return pointCount === 0 ? study.reportedStatistics.filter((r) => r.relation === relation) : [];
}

/**
 * What configuration the points stand for, and whether any average replicates.
 * @param points plotted points
 * @returns zero or one caption line
 */
export function configCaption(points: readonly ChartPoint[]): string[] {
  const config = points.find((p) => p.config)?.config;
  const averaged = points.filter((p) => p.replicates > 1).length;
  if (!config && averaged === 0) return [];
  const parts = [
    config ? `Configuration shown: ${config} (change it in the filters above)` : '',
    averaged > 0
      ? `${averaged} point(s) average replicates of one architecture, so none counts twice`
      : 'one point per architecture',
  ].filter(Boolean);
  return [`${parts.join('; ')}.`];
}
