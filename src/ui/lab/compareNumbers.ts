/**
 * The Lab comparison's numbers: for each compared architecture, parameters and multiply-adds at
 * every depth (the chart) and at four shares of its units kept (the table), from the same cached
 * analytic counts as the rest of the Lab. Architectures differ in how many units they have
 * (ResNet18 8, DenseNet121 62), so depth is compared as the share of each one's units kept.
 */
import type { ArchId } from '../../zoo/catalog.ts';
import { labNumbers, type LabDepth } from './labNumbers.ts';

/** Shares of units kept that the table lists: the full model, then three quarters, half, a quarter. */
export const TABLE_SHARES = [1, 0.75, 0.5, 0.25] as const;

/** One architecture at one depth. */
export interface CompareRow {
  readonly arch: ArchId;
  readonly unitsTotal: number;
  readonly depth: LabDepth;
  /** Units kept as a percentage of the architecture's units. */
  readonly keptPct: number;
}

const rowOf = (arch: ArchId, depth: LabDepth, total: number): CompareRow => ({
  arch,
  unitsTotal: total,
  depth,
  keptPct: (100 * depth.unitsKept) / total,
});

/**
 * @param arch an architecture
 * @returns every depth, from one unit kept to the full model
 */
export function depthSeries(arch: ArchId): CompareRow[] {
  const { depths } = labNumbers(arch);
  return depths.map((d) => rowOf(arch, d, depths.length)).reverse();
}

/**
 * @param archs the compared architectures, in order
 * @returns for each, the depths nearest each TABLE_SHARES share (at least one unit, no repeats)
 */
export function tableRows(archs: readonly ArchId[]): CompareRow[] {
  return archs.flatMap((arch) => {
    const { depths } = labNumbers(arch);
    const total = depths.length;
    const kept = [...new Set(TABLE_SHARES.map((s) => Math.max(1, Math.round(total * s))))];
    return kept.flatMap((k) => {
      const depth = depths[total - k];
      return depth ? [rowOf(arch, depth, total)] : [];
    });
  });
}

/**
 * @param arch an architecture
 * @param unitsRemoved units removed
 * @returns the key a latency measurement is kept under
 */
export const latencyKey = (arch: string, unitsRemoved: number): string => `${arch}|${unitsRemoved}`;
