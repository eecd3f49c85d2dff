/**
 * Row selection: frontal-only filter, a seeded subset, and a seeded patient-level split (no
 * patient has images on both sides, or the validation AUC would be inflated by near-duplicates).
 */
import { mulberry32 } from '../study/stats/prng.ts';
import type { LabelRow } from './labelTypes.ts';

/** Options of `selectRows`. */
export interface SelectOptions {
  /** Keep frontal views only (CheXtransfer and the CheXpert baselines train on frontal). */
  readonly frontalOnly?: boolean;
  /** Keep at most this many rows, drawn at random (seeded). */
  readonly subsetSize?: number;
  readonly seed?: number;
}

/**
 * Seeded Fisher–Yates shuffle (a copy).
 * @param items what to shuffle
 * @param seed PRNG seed
 * @returns a new, shuffled array
 */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const rand = mulberry32(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}

/**
 * @param rows parsed rows
 * @param options frontal filter, subset size and seed
 * @returns the kept rows, in file order
 */
export function selectRows(rows: readonly LabelRow[], options: SelectOptions = {}): LabelRow[] {
  const kept = options.frontalOnly ? rows.filter((r) => r.frontal) : [...rows];
  const n = options.subsetSize;
  if (n === undefined || n >= kept.length) return kept;
  const chosen = new Set(shuffled(kept, options.seed ?? 0).slice(0, Math.max(0, n)));
  return kept.filter((r) => chosen.has(r));
}

/** A train/validation split. */
export interface RowSplit {
  readonly train: readonly LabelRow[];
  readonly validation: readonly LabelRow[];
}

/**
 * Splits by patient: patients are shuffled (seeded) and assigned to validation until it holds
 * about `validationFraction` of the images.
 * @param rows rows to split
 * @param validationFraction target share of images in validation, in (0, 1)
 * @param seed PRNG seed
 * @returns the two sides, each in file order
 */
export function patientSplit(
  rows: readonly LabelRow[],
  validationFraction: number,
  seed: number,
): RowSplit {
  const byPatient = new Map<string, number>();
  for (const r of rows) byPatient.set(r.patientId, (byPatient.get(r.patientId) ?? 0) + 1);
  // Sorted before shuffling so the split depends on the seed, not on the file's row order.
  const patients = shuffled([...byPatient.keys()].sort(), seed);
  const target = validationFraction * rows.length;
  const validationPatients = new Set<string>();
  let count = 0;
  for (const p of patients) {
    if (count >= target) break;
    validationPatients.add(p);
    count += byPatient.get(p) ?? 0;
  }
  return {
    train: rows.filter((r) => !validationPatients.has(r.patientId)),
    validation: rows.filter((r) => validationPatients.has(r.patientId)),
  };
}
