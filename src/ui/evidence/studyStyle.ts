/**
 * One colour per study on the evidence view (Okabe–Ito first, readable by colour-blind viewers),
 * by the study's place in the library so a colour never moves when another study is hidden.
 */
import { OKABE_ITO } from '../charts/palette.ts';

const STUDY_PALETTE = [
  ...OKABE_ITO,
  '#000000',
  '#8c564b',
  '#9467bd',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];

/**
 * @param ids every study id, in library order
 * @param id one study id
 * @returns its colour
 */
export function studyColor(ids: readonly string[], id: string): string {
  const i = ids.indexOf(id);
  return STUDY_PALETTE[(i < 0 ? ids.length : i) % STUDY_PALETTE.length] ?? '#333333';
}

/**
 * A short name for a study in legends and forest rows: the title up to its first colon.
 * @param title the study's title
 * @returns e.g. 'MedMNIST+ ChestMNIST'
 */
export function shortTitle(title: string): string {
  const cut = title.split(/:\s/)[0] ?? title;
  return cut.length > 48 ? `${cut.slice(0, 46)}…` : cut;
}

/** How the evidence view names and colours each study. */
export interface StudyStyle {
  readonly colorOf: (studyId: string) => string;
  readonly labelOf: (studyId: string) => string;
}

/**
 * Colours by library position, and short labels made unique: a study whose short title another
 * study shares gets its dataset added (e.g. Xiao et al. on NIH and on CheXpert).
 * @param studies every study, in library order
 * @returns the style functions
 */
export function studyStyle(
  studies: readonly { id: string; title: string; dataset: string }[],
): StudyStyle {
  const ids = studies.map((s) => s.id);
  const short = new Map(studies.map((s) => [s.id, shortTitle(s.title)]));
  const counts = new Map<string, number>();
  for (const t of short.values()) counts.set(t, (counts.get(t) ?? 0) + 1);
  const labels = new Map(
    studies.map((s) => {
      const t = short.get(s.id) ?? s.id;
      const dataset = s.dataset.split(/[(,]/)[0]?.trim() ?? s.dataset;
      return [s.id, (counts.get(t) ?? 0) > 1 ? `${t}, ${dataset}` : t];
    }),
  );
  return {
    colorOf: (id) => studyColor(ids, id),
    labelOf: (id) => labels.get(id) ?? id,
  };
}
