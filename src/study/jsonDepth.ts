/**
 * How deeply a JSON text nests, found in one pass over the text before it is parsed. JSON.parse
 * itself copes with any depth, but what comes after it (JSON.stringify, String() of an array, a
 * schema's recursive walk) recurses once per level and overflows the stack on a few hundred
 * kilobytes of `[[[[…]]]]`. Readers of JSON a person gives check this first. Pure.
 */

/**
 * @param text a JSON text (need not be valid: brackets inside strings are skipped)
 * @param limit stop counting once the depth passes this
 * @returns the deepest nesting of arrays and objects (0 for a scalar), or limit + 1 if deeper
 */
export function jsonDepth(text: string, limit = Number.MAX_SAFE_INTEGER): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return limit + 1;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return deepest;
}
