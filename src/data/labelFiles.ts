/**
 * Finding the label files inside a dropped folder or zip: CheXpert ships `train.csv` and
 * `valid.csv` next to its image folders (`CheXpert-v1.0-small/train.csv`), NIH ships
 * `Data_Entry_2017.csv` (or `Data_Entry_2017_v2020.csv`) at its top level.
 */
import { pathSegments } from './pathMatch.ts';

/** Label files found among some paths (each the shallowest match). */
export interface LabelFiles {
  readonly train?: string;
  readonly valid?: string;
  readonly nih?: string;
}

const PATTERNS = {
  train: /^train\.csv$/i,
  valid: /^valid\.csv$/i,
  nih: /^data_entry_2017.*\.csv$/i,
} as const;

/**
 * @param paths file paths (folder relative paths or zip entry names)
 * @returns the label files by role; the shallowest wins, so a copy nested deeper (a backup
 *   folder, `__MACOSX/`) does not shadow the dataset's own file
 */
export function findLabelFiles(paths: Iterable<string>): LabelFiles {
  const best: { -readonly [K in keyof LabelFiles]: { path: string; depth: number } } = {};
  for (const path of paths) {
    if (!path.toLowerCase().endsWith('.csv')) continue; // cheap: most paths are images
    const segs = pathSegments(path);
    const base = segs[segs.length - 1] ?? '';
    if (segs.some((s) => s.startsWith('__MACOSX') || s.startsWith('._'))) continue;
    for (const role of ['train', 'valid', 'nih'] as const) {
      const prev = best[role];
      if (PATTERNS[role].test(base) && (prev === undefined || segs.length < prev.depth))
        best[role] = { path, depth: segs.length };
    }
  }
  return {
    ...(best.train ? { train: best.train.path } : {}),
    ...(best.valid ? { valid: best.valid.path } : {}),
    ...(best.nih ? { nih: best.nih.path } : {}),
  };
}
