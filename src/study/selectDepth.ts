/**
 * Chart shapers that pair or chain units of one architecture: the pretraining boost (ImageNet
 * pretrained minus random init) and truncation depths. Pure; points are units (resolve.ts).
 */
import type {
  ArchTable,
  BoostPoint,
  BoostSeries,
  ChartFilters,
  ChartPoint,
  Exclusion,
  StatInput,
  TruncationSeries,
} from './chartTypes.ts';
import {
  OTHER_FAMILY,
  conditionAllows,
  filteredResults,
  unverifiedOf,
  pairUp,
  paramsOf,
  pointOf,
} from './resolve.ts';
import type { Resolved } from './resolve.ts';
import type { Study } from './types.ts';

/**
 * Chart 3: pretraining boost (ImageNet-pretrained − random, same architecture and depth under the
 * same configuration) against parameters. The condition filter does not apply: a boost needs both.
 * @param study the study
 * @param archs architecture facts by key
 * @param filters current filters
 * @returns boost points, exclusions, the boost-vs-params statistic input and the paired values
 */
export function boostVsParams(study: Study, archs: ArchTable, filters: ChartFilters): BoostSeries {
  // Pair at the same level of every factor first; then average the boosts of one architecture.
  const resolved = filteredResults(study, archs, filters, true);
  const key = (r: Resolved): string => `${r.result.arch}|${r.result.unitsRemoved}|${r.levels}`;
  const byArch = new Map<string, [Resolved, Resolved][]>();
  for (const pair of pairUp(resolved, key)) {
    const k = `${pair[0].result.arch}|${pair[0].result.unitsRemoved}`;
    byArch.set(k, [...(byArch.get(k) ?? []), pair]);
  }
  const points: BoostPoint[] = [];
  const excluded: Exclusion[] = unverifiedOf(study, filters);
  for (const pairs of byArch.values()) {
    const point = boostPoint(pairs);
    if (point) points.push(point);
    else
      excluded.push({ arch: pairs[0]?.[0].result.arch ?? '?', reason: 'parameter count unknown' });
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
            reported: study.reportedStatistics.filter(
              (s) => s.relation === 'boost-vs-params' && s.condition === 'both',
            ),
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

const meanOf = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

/**
 * One boost point from the same-level pairs of one architecture (their boosts averaged).
 * @param pairs [pretrained, random] units of one architecture and depth
 * @returns the point, or null when no parameter count is known
 */
function boostPoint(pairs: readonly [Resolved, Resolved][]): BoostPoint | null {
  const [first] = pairs;
  if (!first) return null;
  const [pre, rnd] = first;
  const params = paramsOf(pre) ?? paramsOf(rnd);
  if (!params) return null;
  const preValue = meanOf(pairs.map(([p]) => p.result.value));
  const rndValue = meanOf(pairs.map(([, r]) => r.result.value));
  const sources = pairs.map(
    ([p, r]) => `pretrained: ${p.result.source}; random: ${r.result.source}`,
  );
  return {
    ...pointOf(pre, params.value, params.source, preValue - rndValue),
    id: pairs.map(([p, r]) => `${p.id}-${r.id}`).join(','),
    source:
      pairs.length === 1
        ? (sources[0] ?? '')
        : `mean of ${pairs.length} same-level pairs. ${sources.join(' | ')}`,
    replicates: pairs.length,
    pretrainedValue: preValue,
    randomValue: rndValue,
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
  const excluded: Exclusion[] = unverifiedOf(study, filters);
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
 * Every unit that passes the filters and condition, at any truncation, against parameters.
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
  const excluded: Exclusion[] = unverifiedOf(study, filters);
  for (const r of filteredResults(study, archs, filters)) {
    if (!conditionAllows(filters.condition, r.group)) continue;
    const params = paramsOf(r);
    if (!params) excluded.push({ arch: r.result.arch, reason: 'parameter count unknown' });
    else points.push(pointOf(r, params.value, params.source));
  }
  return { points, excluded };
}
