/**
 * The shape of a reader's limits: every reader of user files (images, zips, results files, grid
 * specs, task folders) exports its budget as data, one entry per number, each with the reason that
 * number was chosen, and checks it before it allocates. The README and the closing note read the
 * same objects, so a limit cannot change without its reason in view.
 *
 * Pure data, no imports (every layer may use it).
 */

/** One limit of a reader. */
export interface ReaderLimit {
  /** The number checked against the input. */
  readonly value: number;
  /** What it counts ("bytes", "pixels", "levels", "tasks"...). */
  readonly unit: string;
  /** Why this number: what legitimate input needs, and what going past it would cost. */
  readonly why: string;
}

/** A reader's limits, by name. */
export type ReaderLimits = Readonly<Record<string, ReaderLimit>>;

const MIB = 1024 * 1024;

/**
 * @param bytes a byte count
 * @returns it in MB (MiB) for sentences, e.g. "16 MB", "1.5 GB"
 */
export function bytesText(bytes: number): string {
  if (bytes >= 1024 * MIB) return `${Number((bytes / (1024 * MIB)).toFixed(2))} GB`;
  if (bytes >= MIB) return `${Number((bytes / MIB).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
  return `${bytes} bytes`;
}

/** A reader's limits as bare numbers, by the same names. */
export type LimitValues<L extends ReaderLimits> = { readonly [K in keyof L]: L[K]['value'] };

/**
 * For code that needs only a reader's numbers (a file-size check made before the reader runs);
 * the reasons stay with the limits, so there is still one place where each number is set.
 * @param limits a reader's limits
 * @returns their values, by the same names
 */
export function limitValues<L extends ReaderLimits>(limits: L): LimitValues<L> {
  return Object.fromEntries(
    Object.entries(limits).map(([name, limit]) => [name, limit.value]),
  ) as LimitValues<L>;
}
