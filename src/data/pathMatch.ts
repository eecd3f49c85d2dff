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

/** The last `k` segments of a normalised path (segments joined by single `/`). */
function suffix(normalised: string, k: number): string {
  let at = normalised.length;
  for (let i = 0; i < k; i++) at = normalised.lastIndexOf('/', at - 1);
  return normalised.slice(at + 1);
}

/**
 * Indexes the suffixes of the available paths, one map per suffix length, built when a lookup
 * first needs that length: CheXpert's paths ask for 4 and 5 segments only, so 223k paths make
 * two maps instead of every suffix of every path.
 * @param available the file paths present (folder relative paths or zip entry names)
 * @returns a lookup that tries the longest suffix of the CSV path first
 */
export function buildPathIndex(available: Iterable<string>): PathIndex {
  const paths: { full: string; normalised: string; depth: number }[] = [];
  for (const full of available) {
    const segs = pathSegments(full);
    if (segs.length > 0) paths.push({ full, normalised: segs.join('/'), depth: segs.length });
  }
  const byLength = new Map<number, Map<string, string>>();
  const suffixMap = (k: number): Map<string, string> => {
    let map = byLength.get(k);
    if (map) return map;
    map = new Map();
    for (const { full, normalised, depth } of paths) {
      if (depth < k) continue;
      const key = suffix(normalised, k);
      const prev = map.get(key);
      map.set(key, prev === undefined || prev === full ? full : AMBIGUOUS);
    }
    byLength.set(k, map);
    return map;
  };
  return {
    size: paths.length,
    find(csvPath: string): string | undefined {
      const segs = pathSegments(csvPath);
      // The whole path, or the path without its top-level folder. Never shorter: with a
      // missing image, `study1/view1_frontal.jpg` would otherwise find another patient's file.
      for (let k = segs.length; k >= Math.max(1, segs.length - 1); k--) {
        const hit = suffixMap(k).get(segs.slice(segs.length - k).join('/'));
        if (hit === AMBIGUOUS) return undefined;
        if (hit !== undefined) return hit;
      }
      return undefined;
    },
  };
}
