/** The built-in study library: CheXtransfer first, then other published studies for context. */
import type { Study } from './types.ts';
import { CHEXTRANSFER } from './studies/chextransfer.ts';
import { MEDMNIST_CHEST } from './studies/medmnistChest.ts';
import { MEDMNIST_PNEUMONIA } from './studies/medmnistPneumonia.ts';
import { CHEN_2023 } from './studies/chen2023.ts';
import { BLIZNASHKI_CHEXPERT } from './studies/bliznashkiChexpert.ts';
import { TRANSFUSION } from './studies/transfusion.ts';
import { XIAO_2023 } from './studies/xiao2023.ts';
import { XIAO_2023_CHEXPERT } from './studies/xiao2023Chexpert.ts';
import { CHEXPERT_LEADERBOARD } from './studies/chexpertLeaderboard.ts';

/** The study the library is built around (first in every list). */
export const CHEXTRANSFER_ID = 'chextransfer';

/** Not a study: the cross-study evidence view over every study in the library. */
export const ALL_STUDIES_ID = 'all-studies';

/** What the first screen shows: the evidence from every study. */
export const DEFAULT_STUDY_ID = ALL_STUDIES_ID;

/** Every published study the app ships, in display order. */
export const PUBLISHED_STUDIES: readonly Study[] = [
  CHEXTRANSFER,
  BLIZNASHKI_CHEXPERT,
  TRANSFUSION,
  CHEXPERT_LEADERBOARD,
  MEDMNIST_CHEST,
  MEDMNIST_PNEUMONIA,
  CHEN_2023,
  XIAO_2023,
  XIAO_2023_CHEXPERT,
];

/**
 * @param id a study id, e.g. from a permalink
 * @returns the published study with that id, or undefined
 */
export function getStudy(id: string): Study | undefined {
  return PUBLISHED_STUDIES.find((s) => s.id === id);
}
