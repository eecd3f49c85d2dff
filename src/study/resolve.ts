/**
 * From a study's results to the units its charts plot: the reader's family and architecture
 * filters, the study's configuration (design.ts: one level of every factor, or an average), and
 * true replicates (results sharing a `replicateKey`: seeds, repeated evaluations of one model)
 * averaged into one unit, so that no correlation counts replicates as independent models. Results
 * that only share an architecture (different teams' entries, different pretraining methods) stay
 * separate units. Results whose source is not verifiable (sources.ts) are in no unit at all.
 * Also the small shapers every chart shares. Pure.
 */
import type { ChartArch } from './architectures.ts';
import type {
  ArchTable,
  ChartFilters,
  ChartPoint,
  Condition,
  Exclusion,
  InitGroup,
} from './chartTypes.ts';
import { configLabel, configurationIndices, levelOf, varyingFactors } from './design.ts';
import { initGroupOf } from './initialisation.ts';
import { NOT_VERIFIABLE_FLAG } from './sources.ts';
import type { ModelResult, Study } from './types.ts';

/** Family used for a result whose architecture is not in the facts table. */
export const OTHER_FAMILY = 'Other';

/** One plotted unit: an architecture, initialisation and depth under one configuration. */
export interface Resolved {
  /** The result, or the average of the replicates (value = mean, the rest from the first). */
  readonly result: ModelResult;
  /** Index (or `i+j+…` indices) into study.results. */
  readonly id: string;
  readonly facts: ChartArch;
  readonly group: InitGroup;
  readonly replicates: number;
  readonly config: string;
  /** The levels of the study's varying factors (when units are kept apart by level), else ''. */
  readonly levels: string;
}

/**
 * @param archs the facts table
 * @param arch an architecture key
 * @returns its facts, or a stand-in in OTHER_FAMILY with nothing known
 */
export function factsFor(archs: ArchTable, arch: string): ChartArch {
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

const fmt3 = (v: number): string => v.toFixed(3);

/**
 * Averages replicates of one unit.
 * @param results the replicates (at least one)
 * @returns one result: the mean value, the shared parameter count, a source naming every value
 */
function averageOf(results: readonly ModelResult[]): ModelResult {
  const [first, ...rest] = results;
  if (!first) throw new Error('averageOf needs at least one result');
  if (rest.length === 0) return first;
  const mean = results.reduce((s, r) => s + r.value, 0) / results.length;
  return {
    ...first,
    value: mean,
    sd: null,
    perLabel: null,
    params: results.every((r) => r.params === first.params) ? first.params : null,
    flags: [...new Set(results.flatMap((r) => r.flags))],
    source: `mean of ${results.length} results (${results.map((r) => fmt3(r.value)).join(', ')}); first: ${first.source}`,
    note: results.map((r) => r.note).join(' | '),
  };
}

interface UnitDraft {
  readonly indices: number[];
  readonly facts: ChartArch;
  readonly group: InitGroup;
  readonly levels: string;
}

/**
 * Within one cell (architecture, initialisation, depth and every factor's level) a result is one
 * model: its replicate key when it has one (true replicates share it), else its place among the
 * cell's other keyless results. Averaging a design factor then merges the same model across levels.
 */
function identities(study: Study, indices: readonly number[], cellOf: (i: number) => string) {
  const seen = new Map<string, number>();
  return new Map(
    indices.map((i) => {
      const key = study.results[i]?.replicateKey;
      if (key !== undefined) return [i, `r:${key}`];
      const cell = cellOf(i);
      const ordinal = seen.get(cell) ?? 0;
      seen.set(cell, ordinal + 1);
      return [i, `#${ordinal}`];
    }),
  );
}

/**
 * @param study the study
 * @param archs architecture facts by key
 * @param filters the reader's filters
 * @returns indices of the results in the configuration that pass the family and architecture
 *   filters and have a verifiable source
 */
function shownIndices(study: Study, archs: ArchTable, filters: ChartFilters): number[] {
  const hidden = new Set(filters.hiddenFamilies);
  const only = new Set(filters.archs);
  return configurationIndices(study, filters.design).filter((i) => {
    const r = study.results[i];
    if (!r || r.flags.includes(NOT_VERIFIABLE_FLAG)) return false;
    const facts = factsFor(archs, r.arch);
    return !hidden.has(facts.family) && (only.size === 0 || only.has(r.arch));
  });
}

/**
 * Applies family and architecture filters and the study's configuration, then averages the true
 * replicates of each architecture, initialisation and depth into one unit (the condition filter
 * is left to each chart). Results flagged as not verifiable are left out (see unverifiedOf).
 * @param study the study
 * @param archs architecture facts by key
 * @param filters current filters (their `design` choices, or the study's defaults)
 * @param byLevel keep results at different levels of an averaged factor apart (the boost chart
 *   pairs pretrained with random at the same level before averaging)
 * @returns the units, in first-seen order
 */
export function filteredResults(
  study: Study,
  archs: ArchTable,
  filters: ChartFilters,
  byLevel = false,
): Resolved[] {
  const kept = shownIndices(study, archs, filters);
  const allFactors = varyingFactors(study);
  const varying = byLevel ? allFactors : [];
  const base = (r: ModelResult): string => `${r.arch}|${initGroupOf(r)}|${r.unitsRemoved}`;
  const levelsOf = (r: ModelResult, factors: typeof allFactors): string =>
    factors.map((f) => levelOf(f, r)).join(', ');
  const identity = identities(study, kept, (i) => {
    const r = study.results[i] as ModelResult;
    return `${base(r)}|${levelsOf(r, allFactors)}`;
  });
  const groups = new Map<string, UnitDraft>();
  for (const i of kept) {
    const r = study.results[i] as ModelResult;
    const levels = levelsOf(r, varying);
    const key = `${base(r)}|${levels}|${identity.get(i) ?? ''}`;
    const entry = groups.get(key) ?? {
      indices: [],
      facts: factsFor(archs, r.arch),
      group: initGroupOf(r),
      levels,
    };
    entry.indices.push(i);
    groups.set(key, entry);
  }
  const config = configLabel(study, filters.design);
  return [...groups.values()].map(({ indices, facts, group, levels }) => ({
    result: averageOf(indices.flatMap((i) => study.results[i] ?? [])),
    id: indices.join('+'),
    facts,
    group,
    replicates: indices.length,
    config,
    levels,
  }));
}

/**
 * The results of a study's configuration that no chart draws because their source cannot be
 * followed (sources.ts), each with the reason to list under the chart.
 * @param study the study
 * @param filters current filters (their design choices)
 * @returns one exclusion per such result
 */
export function unverifiedOf(study: Study, filters: ChartFilters): Exclusion[] {
  return configurationIndices(study, filters.design).flatMap((i) => {
    const r = study.results[i];
    return r?.flags.includes(NOT_VERIFIABLE_FLAG)
      ? [{ arch: r.arch, reason: 'source not verifiable here: drawn in no chart, in no statistic' }]
      : [];
  });
}

/**
 * @param condition the reader's condition filter
 * @param group a unit's group
 * @returns whether the unit shows ('both' shows every group)
 */
export function conditionAllows(condition: Condition, group: InitGroup): boolean {
  return condition === 'both' || condition === group;
}

/**
 * @param r a unit
 * @returns its parameter count with source (the study's own, else the architecture's at full depth)
 */
export function paramsOf(r: Resolved): { value: number; source: string } | null {
  if (r.result.params !== null) return { value: r.result.params, source: r.result.source };
  if (r.result.unitsRemoved === 0 && r.facts.params1000 !== null) return r.facts.params1000;
  return null;
}

/**
 * @param r a unit
 * @param x its x value
 * @param xSource where x comes from
 * @param y its y value (default: the unit's metric value)
 * @returns the chart point
 */
export function pointOf(r: Resolved, x: number, xSource: string, y = r.result.value): ChartPoint {
  return {
    id: r.id,
    arch: r.result.arch,
    label: r.facts.label,
    family: r.facts.family,
    group: r.group,
    unitsRemoved: r.result.unitsRemoved,
    x,
    y,
    // The result's SD describes its value; a derived y (a boost, a difference) has another one.
    sd: y === r.result.value ? r.result.sd : null,
    ...(y === r.result.value && r.result.seAcrossLabels !== undefined
      ? { seAcrossLabels: r.result.seAcrossLabels }
      : {}),
    ...(r.result.n === undefined ? {} : { n: r.result.n }),
    source: r.result.source,
    xSource,
    flags: r.result.flags,
    replicates: r.replicates,
    config: r.config,
  };
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
