/**
 * The study charts' architecture filter as a set of ticks. The store keeps `selectedArchs`:
 * an empty list means every architecture (the default, and what every older link says),
 * `[NO_ARCHS]` means none, and any other list names the ones shown.
 */

/** The one entry of `selectedArchs` that means "no architecture": it matches no result key. */
export const NO_ARCHS = '(none)';

/**
 * @param selected the store's `selectedArchs`
 * @param archs the architectures present in the study
 * @returns the architectures shown, in `archs` order
 */
export function shownArchs(selected: readonly string[], archs: readonly string[]): string[] {
  if (selected.length === 0) return [...archs];
  return archs.filter((a) => selected.includes(a));
}

/**
 * Normalises a set of ticked architectures back into the store's form.
 * @param ticked the architectures to show
 * @param archs the architectures present in the study
 * @returns `[]` when every one is ticked, `[NO_ARCHS]` when none is, else the ticked ones
 */
export function selectionOf(ticked: readonly string[], archs: readonly string[]): string[] {
  const kept = archs.filter((a) => ticked.includes(a));
  if (kept.length === archs.length) return [];
  return kept.length === 0 ? [NO_ARCHS] : kept;
}

/**
 * @param selected the store's `selectedArchs`
 * @param archs the architectures present in the study
 * @param arch the architecture whose tick changes
 * @returns the new `selectedArchs`
 */
export function toggleArch(
  selected: readonly string[],
  archs: readonly string[],
  arch: string,
): string[] {
  const shown = shownArchs(selected, archs);
  const next = shown.includes(arch) ? shown.filter((a) => a !== arch) : [...shown, arch];
  return selectionOf(next, archs);
}
