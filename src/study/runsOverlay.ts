/**
 * My runs drawn on another study's chart. A run is drawn on the study's own axis only when its
 * metric key is the study's; otherwise against a secondary right-hand axis with its own label.
 * Overlay points never enter the study's statistics: they live in a separate structure.
 */
import type { Top1Set } from '../zoo/types.ts';
import type { ArchTable, ChartFilters, ChartPoint, Exclusion } from './selectors.ts';
import { boostVsParams, paramsPointsAllDepths, paramsVsMetric, top1VsMetric } from './selectors.ts';
import type { ChartId, Study } from './types.ts';
import { runDatasetShort, runsKindOf } from './runs.ts';

/** One group of run points sharing an axis. */
export interface RunsLayer {
  readonly axis: 'left' | 'right';
  /** Legend and tooltip text. */
  readonly label: string;
  /** A short label for the right-hand axis. */
  readonly axisLabel: string;
  readonly studyId: string;
  readonly points: readonly ChartPoint[];
  /** Connected depths of one architecture (truncation chart only). */
  readonly lines: readonly (readonly ChartPoint[])[];
}

/** Everything a chart draws for My runs. */
export interface RunsOverlay {
  readonly layers: readonly RunsLayer[];
  readonly excluded: readonly Exclusion[];
}

/** Nothing to draw. */
export const NO_RUNS: RunsOverlay = { layers: [], excluded: [] };

function seriesFor(
  chart: ChartId,
  runs: Study,
  archs: ArchTable,
  filters: ChartFilters,
  top1Set: Top1Set,
): { points: readonly ChartPoint[]; excluded: readonly Exclusion[] } {
  switch (chart) {
    case 'top1-vs-auc':
      return top1VsMetric(runs, archs, filters, top1Set);
    case 'params-vs-auc':
      return paramsVsMetric(runs, archs, filters);
    case 'boost-vs-params':
      return boostVsParams(runs, archs, filters);
    case 'truncation':
      return paramsPointsAllDepths(runs, archs, filters);
  }
}

function linesOf(points: readonly ChartPoint[]): ChartPoint[][] {
  const byKey = new Map<string, ChartPoint[]>();
  for (const p of points) {
    const key = `${p.arch}|${p.group}`;
    byKey.set(key, [...(byKey.get(key) ?? []), p]);
  }
  return [...byKey.values()]
    .filter((l) => new Set(l.map((p) => p.unitsRemoved)).size > 1)
    .map((l) => [...l].sort((a, b) => a.unitsRemoved - b.unitsRemoved));
}

function layerOf(
  chart: ChartId,
  runs: Study,
  axis: RunsLayer['axis'],
  points: readonly ChartPoint[],
): RunsLayer {
  const what = chart === 'boost-vs-params' ? 'boost in mean AUC' : 'mean AUC';
  const kind = runsKindOf(runs.id);
  return {
    axis,
    label: axis === 'left' ? 'My runs' : `My runs: ${what} on ${runs.dataset}`,
    axisLabel: `My runs: ${chart === 'boost-vs-params' ? 'boost' : 'AUC'}${kind ? `, ${runDatasetShort(kind)}` : ''}`,
    studyId: runs.id,
    points: points.map((p) => ({ ...p, id: `run:${runs.id}:${p.id}` })),
    lines: chart === 'truncation' ? linesOf(points) : [],
  };
}

/**
 * The My runs layers for one chart of one study.
 * @param chart which chart
 * @param study the study on screen (no overlay when it is itself a My runs study)
 * @param runStudies the My runs studies (one per dataset kind)
 * @param archs architecture facts by key
 * @param filters current filters (they apply to runs as to the study)
 * @param top1Set which ImageNet top-1 to use
 * @returns at most one layer on the study's axis and one on a right-hand axis, and exclusions
 */
export function runsOverlay(
  chart: ChartId,
  study: Study,
  runStudies: readonly Study[],
  archs: ArchTable,
  filters: ChartFilters,
  top1Set: Top1Set,
): RunsOverlay {
  if (study.kind === 'runs') return NO_RUNS;
  const layers: RunsLayer[] = [];
  const excluded: Exclusion[] = [];
  const shaped = runStudies
    .map((s) => ({ study: s, series: seriesFor(chart, s, archs, filters, top1Set) }))
    .filter((s) => s.study.results.length > 0);
  const same = shaped.filter((s) => s.study.metric.key === study.metric.key);
  // One right-hand axis at most: the other metric with the most points gets it.
  const others = shaped
    .filter((s) => s.study.metric.key !== study.metric.key)
    .sort((a, b) => b.series.points.length - a.series.points.length);
  for (const s of same) layers.push(layerOf(chart, s.study, 'left', s.series.points));
  others.forEach((s, i) => {
    if (i === 0) layers.push(layerOf(chart, s.study, 'right', s.series.points));
    else
      excluded.push({
        arch: s.study.title,
        reason: `a third metric (${s.study.dataset}) has no axis here; pick “${s.study.title}” in the study list`,
      });
  });
  for (const s of shaped)
    excluded.push(...s.series.excluded.map((e) => ({ ...e, arch: `My runs: ${e.arch}` })));
  return { layers: layers.filter((l) => l.points.length > 0), excluded };
}
