/**
 * What the Architecture Lab shows, computed from the zoo's analytic counter (no TensorFlow.js).
 * Every depth is counted once per architecture and cached, so moving the slider is a lookup.
 */
import {
  countTruncated,
  unitTable,
  type TruncatedCount,
  type UnitTable,
} from '../../zoo/analytic.ts';
import { CATALOG, type ArchId } from '../../zoo/catalog.ts';

/** The CheXpert head: the five competition tasks. */
export const CHEXPERT_CLASSES = 5;

export interface LabDepth extends TruncatedCount {
  readonly unitsRemoved: number;
  readonly unitsKept: number;
}

export interface LabNumbers {
  readonly table: UnitTable;
  /** Index k = k final units removed (0 = full model), down to a single kept unit. */
  readonly depths: readonly LabDepth[];
}

const cache = new Map<ArchId, LabNumbers>();

/**
 * @param arch architecture id
 * @returns the unit table at the native input size and the counts for every truncation depth
 */
export function labNumbers(arch: ArchId): LabNumbers {
  const hit = cache.get(arch);
  if (hit) return hit;
  const table = unitTable(arch);
  const n = table.units.length;
  const depths = Array.from({ length: n }, (_, k): LabDepth => ({
    ...countTruncated(arch, { unitsRemoved: k, numClasses: CHEXPERT_CLASSES }),
    unitsRemoved: k,
    unitsKept: n - k,
  }));
  const numbers = { table, depths };
  cache.set(arch, numbers);
  return numbers;
}

/**
 * @param arch architecture id
 * @param unitsRemoved requested units removed (from a permalink: may be out of range)
 * @returns the same, clamped to what the architecture has (at least one unit is kept)
 */
export function clampUnitsRemoved(arch: ArchId, unitsRemoved: number): number {
  const max = labNumbers(arch).depths.length - 1;
  return Math.min(Math.max(0, Math.floor(unitsRemoved)), max);
}

/**
 * @param arch architecture id
 * @returns the ids of the architectures of the same family, in catalog order
 */
export function familyOf(arch: ArchId): ArchId[] {
  const family = CATALOG[arch].family;
  return (Object.keys(CATALOG) as ArchId[]).filter((id) => CATALOG[id].family === family);
}

/**
 * @param bytes a byte count
 * @returns megabytes (10^6) with one decimal
 */
export function formatMb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/**
 * @param macs multiply-adds
 * @returns e.g. "2.87 GMACs" or "310 MMACs"
 */
export function formatMacs(macs: number): string {
  return macs >= 1e9 ? `${(macs / 1e9).toFixed(2)} GMACs` : `${(macs / 1e6).toFixed(0)} MMACs`;
}
