/**
 * Pure shapers: a study, the architecture facts and the current filters in, chart series out.
 * The study charts consume nothing else, so every point on screen can be traced to one
 * `ModelResult` (and its `source`) plus the architecture facts used for its x value.
 * No DOM, no React, no TensorFlow.js.
 */
import type { Top1Set } from '../zoo/types.ts';
import type { ChartArch } from './architectures.ts';
import type { ModelResult, ReportedStatistic, StatisticRelation, Study } from './types.ts';

export type * from './chartTypes.ts';
import type {
  ArchTable,
  Arrow,
  BoostPoint,
  BoostSeries,
  ChartFilters,
  ChartPoint,
  Condition,
  Exclusion,
  InitGroup,
  ScatterSeries,
  StatInput,
  TruncationSeries,
} from './chartTypes.ts';

/** Family used for a result whose architecture is not in the facts table. */
export const OTHER_FAMILY = 'Other';

const TOP1_LABEL: Record<Top1Set, string> = {
  paperEra: 'paper-era torchvision/library table',
  torchvision: 'torchvision weights metadata',
  timm: 'timm results-imagenet.csv',
};

/**
 * Describes an ImageNet top-1 source set for axis labels.
 * @param set the source set
 * @returns a short human label
 */
export function top1SetLabel(set: Top1Set): string {
  return TOP1_LABEL[set];
}

/**
 * Maps a result's `pretrained` flag to its group.
 * @param pretrained the result's flag
 * @returns the group
 */
export function initGroupOf(pretrained: boolean | null): InitGroup {
  if (pretrained === null) return 'unstated';
  return pretrained ? 'pretrained' : 'random';
}

interface Resolved {
  readonly result: ModelResult;
  readonly index: number;
  readonly facts: ChartArch;
  readonly group: InitGroup;
}

function factsFor(archs: ArchTable, arch: string): ChartArch {
  const known = Object.hasOwn(archs, arch) ? archs[arch] : undefined;
  return (
    known ?? {
      key: arch,
      label: arch,
      family: OTHER_FAMILY,
      inChexTransfer: false,
      params1000: null,
      top1: {},
    }
  );
}

/**
 * Applies family and architecture filters (not the condition) to a study's results.
 * @param study the study
 * @param archs architecture facts by key
 * @param filters current filters
 * @returns the surviving results with their facts
 */
export function filteredResults(study: Study, archs: ArchTable, filters: ChartFilters): Resolved[] {
  const hidden = new Set(filters.hiddenFamilies);
  const only = new Set(filters.archs);
  return study.results
    .map((result, index) => ({
      result,
      index,
      facts: factsFor(archs, result.arch),
      group: initGroupOf(result.pretrained),
    }))
    .filter((r) => !hidden.has(r.facts.family) && (only.size === 0 || only.has(r.result.arch)));
}

function conditionAllows(condition: Condition, group: InitGroup): boolean {
  return condition === 'both' || condition === group;
}

function paramsOf(r: Resolved): { value: number; source: string } | null {
  if (r.result.params !== null) return { value: r.result.params, source: r.result.source };
  if (r.result.unitsRemoved === 0 && r.facts.params1000 !== null) return r.facts.params1000;
  return null;
}

function pointOf(r: Resolved, x: number, xSource: string, y = r.result.value): ChartPoint {
  return {
    id: `${r.index}`,
    arch: r.result.arch,
    label: r.facts.label,
    family: r.facts.family,
    group: r.group,
    unitsRemoved: r.result.unitsRemoved,
    x,
    y,
    // The result's SD describes its value; a derived y (a boost, a difference) has another one.
    sd: y === r.result.value ? r.result.sd : null,
    ...(r.result.n === undefined ? {} : { n: r.result.n }),
    source: r.result.source,
    xSource,
    flags: r.result.flags,
  };
}

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
  const groups: InitGroup[] = ['pretrained', 'random', 'unstated'];
  return groups.flatMap((group) => {
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
 * Pairs pretrained with random-init items sharing a key; the first of each kind wins.
 * @param items items with a group
 * @param keyOf the pairing key
 * @returns [pretrained, random] pairs in first-seen order
 */
export function pairUp<T extends { readonly group: InitGroup }>(
  items: readonly T[],
  keyOf: (item: T) => string,
): [T, T][] {
  const pre = new Map<string, T>();
  const rnd = new Map<string, T>();
  for (const item of items) {
    const bucket = item.group === 'pretrained' ? pre : item.group === 'random' ? rnd : null;
    if (bucket && !bucket.has(keyOf(item))) bucket.set(keyOf(item), item);
  }
  return [...pre].flatMap(([key, p]) => {
    const r = rnd.get(key);
    return r ? [[p, r] as [T, T]] : [];
  });
}

/**
 * Chart 1: ImageNet top-1 (chosen source set) against the study's metric, full models only.
 * @param study the study
 * @param archs architecture facts by key
 * @param filters current filters
 * @param top1Set which published ImageNet top-1 to use
 * @returns points, exclusions, statistic inputs per group, and arrows when both groups show
 */
export function top1VsMetric(
  study: Study,
  archs: ArchTable,
  filters: ChartFilters,
  top1Set: Top1Set,
): ScatterSeries {
  const points: ChartPoint[] = [];
  const excluded: Exclusion[] = [];
  for (const r of filteredResults(study, archs, filters)) {
    if (r.result.unitsRemoved !== 0 || !conditionAllows(filters.condition, r.group)) continue;
    const top1 = r.facts.top1[top1Set];
    if (!top1)
      excluded.push({
        arch: r.result.arch,
        reason: `no ImageNet top-1 in the ${top1SetLabel(top1Set)}`,
      });
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
  const excluded: Exclusion[] = [];
  for (const r of filteredResults(study, archs, filters)) {
    if (r.result.unitsRemoved !== 0 || !conditionAllows(filters.condition, r.group)) continue;
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

/**
 * Chart 3: pretraining boost (pretrained − random, same architecture, truncation, input size
 * and flags) against parameters. The condition filter does not apply: a boost needs both.
 * @param study the study
 * @param archs architecture facts by key
 * @param filters current filters
 * @returns boost points, exclusions, the boost-vs-params statistic input and the paired values
 */
export function boostVsParams(study: Study, archs: ArchTable, filters: ChartFilters): BoostSeries {
  const resolved = filteredResults(study, archs, filters);
  const key = (r: Resolved): string =>
    [r.result.arch, r.result.unitsRemoved, r.result.inputSize, [...r.result.flags].sort()].join(
      '|',
    );
  const points: BoostPoint[] = [];
  const excluded: Exclusion[] = [];
  for (const [pre, rnd] of pairUp(resolved, key)) {
    const params = paramsOf(pre) ?? paramsOf(rnd);
    if (!params) {
      excluded.push({ arch: pre.result.arch, reason: 'parameter count unknown' });
      continue;
    }
    const boost = pre.result.value - rnd.result.value;
    points.push({
      ...pointOf(pre, params.value, params.source, boost),
      id: `${pre.index}-${rnd.index}`,
      source: `pretrained: ${pre.result.source}; random: ${rnd.result.source}`,
      pretrainedValue: pre.result.value,
      randomValue: rnd.result.value,
    });
  }
  const stats: StatInput[] =
    points.length === 0
      ? []
      : [
          {
            group: 'pretrained',
            relation: 'boost-vs-params',
            x: points.map((p) => Math.log10(p.x)),
            y: points.map((p) => p.y),
            reported: reportedFor(study, 'boost-vs-params', 'both'),
          },
        ];
  return {
    points,
    excluded,
    stats,
    paired: {
      pretrained: points.map((p) => p.pretrainedValue),
      random: points.map((p) => p.randomValue),
    },
  };
}

/**
 * Chart 4: truncation. For every architecture (and group) with a truncated result, its depths
 * as a line from the full model to the most truncated, parameters against the metric.
 * @param study the study
 * @param archs architecture facts by key
 * @param filters current filters
 * @returns one line per architecture and group, and exclusions
 */
export function truncationLines(
  study: Study,
  archs: ArchTable,
  filters: ChartFilters,
): TruncationSeries {
  const resolved = filteredResults(study, archs, filters).filter((r) =>
    conditionAllows(filters.condition, r.group),
  );
  const truncatedKeys = new Set(
    resolved.filter((r) => r.result.unitsRemoved > 0).map((r) => `${r.result.arch}|${r.group}`),
  );
  const byKey = new Map<string, ChartPoint[]>();
  const excluded: Exclusion[] = [];
  for (const r of resolved) {
    const key = `${r.result.arch}|${r.group}`;
    if (!truncatedKeys.has(key)) continue;
    const params = paramsOf(r);
    if (!params) {
      excluded.push({
        arch: r.result.arch,
        reason: `parameter count unknown at −${r.result.unitsRemoved}`,
      });
      continue;
    }
    byKey.set(key, [...(byKey.get(key) ?? []), pointOf(r, params.value, params.source)]);
  }
  const lines = [...byKey].map(([key, pts]) => ({
    key,
    arch: pts[0]?.arch ?? key,
    family: pts[0]?.family ?? OTHER_FAMILY,
    points: [...pts].sort((a, b) => a.unitsRemoved - b.unitsRemoved),
  }));
  const efficiency = lines.flatMap(({ points: [full, ...rest] }) =>
    full && full.unitsRemoved === 0
      ? rest.map((p) => ({
          arch: p.arch,
          unitsRemoved: p.unitsRemoved,
          ratio: full.x / p.x,
          delta: p.y - full.y,
        }))
      : [],
  );
  return { lines, excluded, efficiency };
}

/**
 * Every result that passes the filters and condition, at any truncation, against parameters.
 * Used where all depths are plotted at once (My runs on the truncation chart).
 * @param study the study
 * @param archs architecture facts by key
 * @param filters current filters
 * @returns points (x = parameters) and exclusions
 */
export function paramsPointsAllDepths(
  study: Study,
  archs: ArchTable,
  filters: ChartFilters,
): { points: ChartPoint[]; excluded: Exclusion[] } {
  const points: ChartPoint[] = [];
  const excluded: Exclusion[] = [];
  for (const r of filteredResults(study, archs, filters)) {
    if (!conditionAllows(filters.condition, r.group)) continue;
    const params = paramsOf(r);
    if (!params) excluded.push({ arch: r.result.arch, reason: 'parameter count unknown' });
    else points.push(pointOf(r, params.value, params.source));
  }
  return { points, excluded };
}
