/**
 * The `pooled` block of `chextransfer stats --group COL [--paper COL]`: the groups' Spearman ρ
 * pooled across independent papers exactly as the evidence view pools studies
 * (src/study/stats/meta.ts): studies of one paper combined first, nothing pooled below 3 papers.
 * Without --paper each group is its own paper.
 */
import { META_METHOD, randomEffectsSpearman } from '../study/stats/meta.ts';
import { UsageError } from './command.ts';

/** The pooled estimate across papers, as printed under `pooled`. */
export interface PooledSummary {
  /** Null below 3 independent papers, like ci, tau2, i2, q and se. */
  rho: number | null;
  ci: [number, number] | null;
  tau2: number | null;
  i2: number | null;
  /** Independent papers with at least one group that enters. */
  k: number;
  q: number | null;
  se: number | null;
  /** Each paper: its groups, their combined z and variance, its weight (null when not pooled). */
  papers: { paper: string; groups: string[]; z: number; variance: number; weight: number | null }[];
  method: string;
  excluded: { group: string; n: number; reason: string }[];
  /** Why rho is null ('not pooled: 2 independent papers; pooling needs at least 3'), else null. */
  reason: string | null;
}

/**
 * @param rows header-keyed rows
 * @param group the group column
 * @param paper the paper column, if any
 * @returns each group's paper (the group itself without a paper column, or where it is blank)
 */
export function papersOfGroups(
  rows: readonly Record<string, string>[],
  group: string,
  paper: string | undefined,
): Map<string, string> {
  const seen = new Map<string, Set<string>>();
  for (const row of rows) {
    const g = row[group] ?? '';
    const p = paper === undefined ? '' : (row[paper] ?? '').trim();
    const set = seen.get(g) ?? new Set<string>();
    if (p !== '') set.add(p);
    seen.set(g, set);
  }
  const out = new Map<string, string>();
  for (const [g, set] of seen) {
    if (set.size > 1)
      throw new UsageError(
        `group '${g}' has rows from ${set.size} papers (${[...set].join(', ')}) in column '${paper}'; each group must come from one paper`,
      );
    out.set(g, [...set][0] ?? g);
  }
  return out;
}

/**
 * @param groups each group's Spearman ρ and n
 * @param paperOf each group's paper (a group missing here is its own paper)
 * @returns the pooled block
 */
export function pooledOf(
  groups: readonly { group: string; rho: number; n: number }[],
  paperOf: ReadonlyMap<string, string> = new Map(),
): PooledSummary {
  const meta = randomEffectsSpearman(
    groups.map((g) => ({
      label: g.group,
      rho: g.rho,
      n: g.n,
      paper: paperOf.get(g.group) ?? g.group,
    })),
  );
  const p = meta.pooled;
  return {
    rho: p?.rho ?? null,
    ci: p ? [p.ci[0], p.ci[1]] : null,
    tau2: p?.tau2 ?? null,
    i2: p?.i2 ?? null,
    k: meta.k,
    q: p?.q ?? null,
    se: p?.se ?? null,
    papers: meta.papers.map((x) => ({
      paper: x.paper,
      groups: [...x.labels],
      z: x.z,
      variance: x.variance,
      weight: x.weight,
    })),
    method: META_METHOD,
    excluded: meta.excluded.map((e) => ({ group: e.label, n: e.n, reason: e.reason })),
    reason: meta.reason,
  };
}
