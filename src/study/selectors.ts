/**
 * Pure shapers: a study, the architecture facts and the current filters in, chart series out.
 * The study charts consume nothing else, so every point on screen can be traced to its
 * `ModelResult`s (and their `source`) plus the architecture facts used for its x value. Points
 * are units (resolve.ts): one architecture under one configuration, replicates averaged.
 * No DOM, no React, no TensorFlow.js.
 */
import type { Top1Set } from '../zoo/types.ts';
import type { ReportedStatistic, StatisticRelation, Study } from './types.ts';
import type {
  ArchTable,
  Arrow,
  ChartFilters,
  ChartPoint,
  Exclusion,
  InitGroup,
  ScatterSeries,
  StatInput,
} from './chartTypes.ts';
import {
  conditionAllows,
  filteredResults,
  pairUp,
  paramsOf,
  pointOf,
  type Resolved,
  unverifiedOf,
} from './resolve.ts';
import { top1Of } from './top1Of.ts';

export type * from './chartTypes.ts';
export type { Resolved } from './resolve.ts';
export { OTHER_FAMILY, filteredResults, pairUp, unverifiedOf } from './resolve.ts';
export { initGroupOf } from './initialisation.ts';
export { top1SetLabel } from './top1Of.ts';
export { boostVsParams, paramsPointsAllDepths, truncationLines } from './selectDepth.ts';

/** Groups with their own statistics, in display order. */
export const STAT_GROUPS: readonly InitGroup[] = ['pretrained', 'random', 'other', 'unstated'];

/**
 * Finds the reported statistics a recomputed one should be shown beside.
 * @param study the study
 * @param relation what the statistic relates
 * @param group which models
 * @returns matching reported statistics (same relation, same condition)
 */
export function reportedFor(
  study: Study,
  relation: StatisticRelation,
  group: InitGroup | 'both',
): ReportedStatistic[] {
  return study.reportedStatistics.filter((s) => s.relation === relation && s.condition === group);
}

function statsByGroup(
  study: Study,
  relation: StatisticRelation,
  points: readonly ChartPoint[],
  xOf: (p: ChartPoint) => number,
): StatInput[] {
  return STAT_GROUPS.flatMap((group) => {
    const members = points.filter((p) => p.group === group);
    if (members.length === 0) return [];
    return [
      {
        group,
        relation,
        x: members.map(xOf),
        y: members.map((p) => p.y),
        reported: reportedFor(study, relation, group),
      },
    ];
  });
}

function arrowsFor(points: readonly ChartPoint[]): Arrow[] {
  const pairs = pairUp(points, (p) => `${p.arch}|${p.unitsRemoved}`);
  return pairs.map(([pre, rnd]) => ({
    arch: pre.arch,
    from: { x: rnd.x, y: rnd.y },
    to: { x: pre.x, y: pre.y },
  }));
}

/**
 * Chart 1: ImageNet top-1 against the study's metric, full models only. The x of a pretrained
 * point is the top-1 of the weights the study used where known (top1Of.ts); other pretraining has
 * no x and is listed as excluded.
 * @param study the study
 * @param archs architecture facts by key
 * @param filters current filters
 * @param top1Set which published ImageNet top-1 to use where the weights are not known
 * @returns points, exclusions, statistic inputs per group, and arrows when both groups show
 */
export function top1VsMetric(
  study: Study,
  archs: ArchTable,
  filters: ChartFilters,
  top1Set: Top1Set,
): ScatterSeries {
  const points: ChartPoint[] = [];
  const excluded: Exclusion[] = unverifiedOf(study, filters);
  for (const r of filteredResults(study, archs, filters)) {
    if (r.result.unitsRemoved !== 0 || !conditionAllows(filters.condition, r.group)) continue;
    const top1 = top1Of(study, r.group, r.facts, top1Set);
    if (!top1.ok) excluded.push({ arch: r.result.arch, reason: top1.reason });
    else points.push(pointOf(r, top1.value, top1.source));
  }
  return {
    points,
    excluded,
    stats: statsByGroup(study, 'top1-vs-auc', points, (p) => p.x),
    arrows: filters.condition === 'both' ? arrowsFor(points) : [],
  };
}

/**
 * Chart 2: parameters (log axis) against the study's metric, full models only.
 * Statistics use log10(params); rank statistics are unchanged by the log, Pearson is not.
 * @param study the study
 * @param archs architecture facts by key
 * @param filters current filters
 * @returns points, exclusions, statistic inputs and arrows
 */
export function paramsVsMetric(
  study: Study,
  archs: ArchTable,
  filters: ChartFilters,
): ScatterSeries {
  const points: ChartPoint[] = [];
  const excluded: Exclusion[] = unverifiedOf(study, filters);
  // A run trained here records the parameters of the model it trained, truncated or not: it is
  // drawn at that count. Published truncated results stay on the truncation chart only.
  const ownCount = (r: Resolved): boolean => study.kind === 'runs' && r.result.params !== null;
  for (const r of filteredResults(study, archs, filters)) {
    if (r.result.unitsRemoved !== 0 && !ownCount(r)) continue;
    if (!conditionAllows(filters.condition, r.group)) continue;
    const params = paramsOf(r);
    if (!params) excluded.push({ arch: r.result.arch, reason: 'parameter count unknown' });
    else points.push(pointOf(r, params.value, params.source));
  }
  return {
    points,
    excluded,
    stats: statsByGroup(study, 'logparams-vs-auc', points, (p) => Math.log10(p.x)),
    arrows: filters.condition === 'both' ? arrowsFor(points) : [],
  };
}
