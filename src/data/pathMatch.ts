/**
 * Matching label-file paths to the files a person dropped (a folder's `webkitRelativePath`s or a
 * zip's entry names). The top-level folder is whatever the person named it, so paths match on
 * their tail: `CheXpert-v1.0-small/train/patient00001/study1/view1_frontal.jpg` finds
 * `MyCopy/train/patient00001/study1/view1_frontal.jpg`. NIH paths are bare file names
 * (`00000001_000.png`) found in any `images_NNN/images/` folder.
 */

/**
 * @param path a path with `/` or `\` separators
 * @returns its non-empty segments, without `.` segments
 */
export function pathSegments(path: string): string[] {
  return path.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
}

/** Looks up label-file paths among the available files. */
export interface PathIndex {
  /**
   * @param csvPath a path from the label file
   * @returns the matching available path, or undefined when none (or several equally good) match
   */
  find(csvPath: string): string | undefined;
  readonly size: number;
}

/** Ambiguous suffixes are marked so that a lookup never picks one of two files at random. */
const AMBIGUOUS = '\u0000ambiguous';

/**
 * Indexes every suffix (1..all segments) of every available path.
 * @param available the file paths present (folder relative paths or zip entry names)
 * @returns a lookup that tries the longest suffix of the CSV path first
 */
export function buildPathIndex(available: Iterable<string>): PathIndex {
  const bySuffix = new Map<string, string>();
  let size = 0;
  for (const full of available) {
    const segs = pathSegments(full);
    if (segs.length === 0) continue;
    size++;
    for (let k = 1; k <= segs.length; k++) {
      const key = segs.slice(segs.length - k).join('/');
      const prev = bySuffix.get(key);
      bySuffix.set(key, prev === undefined || prev === full ? full : AMBIGUOUS);
    }
  }
  return {
    size,
    find(csvPath: string): string | undefined {
      const segs = pathSegments(csvPath);
      // The whole path, or the path without its top-level folder. Never shorter: with a
      // missing image, `study1/view1_frontal.jpg` would otherwise find another patient's file.
      for (let k = segs.length; k >= Math.max(1, segs.length - 1); k--) {
        const hit = bySuffix.get(segs.slice(segs.length - k).join('/'));
        if (hit === AMBIGUOUS) return undefined;
        if (hit !== undefined) return hit;
      }
      return undefined;
    },
  };
}
