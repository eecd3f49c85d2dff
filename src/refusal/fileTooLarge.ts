/**
 * The refusal of a file over its size limit, checked from the size alone before anything is read:
 * one sentence for the command line (`readUserFile`) and the app's drop zones, so that a file
 * refused for its size reads the same wherever it is given. Pure.
 */
import type { Refusal, RefusalKind } from './refusal.ts';

/** Sizes as people read them: decimal MB and kB, as file managers show them. */
export function sizeText(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  return n >= 1e3 ? `${(n / 1e3).toFixed(1)} kB` : `${n} bytes`;
}

/** A file over its limit. */
export interface TooLargeFile {
  /** What it is meant to be, e.g. `--csv`, `the results file`. */
  readonly what: string;
  /** How the person named it: the path given, or the dropped file's name. */
  readonly name: string;
  readonly bytes: number;
  readonly maxBytes: number;
  /** Default 'bad-input' (a weights file is 'wrong-weights', as its reader's own limits are). */
  readonly kind?: RefusalKind;
}

/**
 * @param f the file, its limit and what it is for
 * @returns the refusal, code FILE_TOO_LARGE
 */
export function fileTooLarge(f: TooLargeFile): Refusal & { code: 'FILE_TOO_LARGE' } {
  return {
    code: 'FILE_TOO_LARGE',
    kind: f.kind ?? 'bad-input',
    sentence: `Cannot read ${f.what} '${f.name}': it is ${sizeText(f.bytes)}, over the ${sizeText(f.maxBytes)} limit for ${f.what}, so it was not read; choose a smaller file.`,
    detail: `${f.bytes} bytes > ${f.maxBytes}`,
  };
}
