/**
 * Shared types of the dataset core: one labelled image row, the uncertainty policies and the
 * errors a CSV can produce. Types and small constant tables only.
 */
import { CHEXPERT_TASKS } from '../study/types.ts';

export { CHEXPERT_TASKS };
export type { ChexpertTask } from '../study/types.ts';

/** Number of tasks every label vector has, in `CHEXPERT_TASKS` order. */
export const NUM_TASKS = CHEXPERT_TASKS.length;

/**
 * What to do with CheXpert's −1 ("uncertain") labels (Irvin et al. 2019, section 4.1):
 * 'U-Ones' counts them positive, 'U-Zeros' negative, 'ignore' masks them out of the loss and AUC.
 */
export const UNCERTAINTY_POLICIES = ['U-Ones', 'U-Zeros', 'ignore'] as const;
export type UncertaintyPolicy = (typeof UNCERTAINTY_POLICIES)[number];

/** A task label after the policy: 0, 1, or null when masked (ignored or absent in the source). */
export type TaskLabel = 0 | 1 | null;

/** The label file formats we read. */
export type LabelFormat = 'chexpert' | 'nih';

/** One image with its labels. */
export interface LabelRow {
  /** The image path as written in the CSV (CheXpert `Path`, NIH `Image Index`). */
  readonly path: string;
  /** `patient00001` (CheXpert, from the path) or the NIH `Patient ID`. */
  readonly patientId: string;
  readonly frontal: boolean;
  /** 'AP', 'PA', 'LL', 'LATERAL' ... as the file says ('' when blank). */
  readonly view: string;
  /** One label per task, in `CHEXPERT_TASKS` order. */
  readonly labels: readonly TaskLabel[];
  /** Source row number, 1-based, the header being row 1 (for messages). */
  readonly row: number;
}

/** A problem in a label file, with the row (1-based, header = 1) where it is. */
export interface CsvIssue {
  readonly row: number;
  readonly column?: string;
  readonly message: string;
}

/** Result of parsing a label file: never thrown, always returned. */
export type LabelParseResult =
  | {
      readonly ok: true;
      readonly format: LabelFormat;
      readonly rows: readonly LabelRow[];
      /** Count of −1 labels seen per task (before the policy), for the UI. */
      readonly uncertainCounts: readonly number[];
    }
  | {
      readonly ok: false;
      readonly format: LabelFormat | null;
      readonly errors: readonly CsvIssue[];
    };

/** At most this many errors are reported; a broken file would otherwise list every row. */
export const MAX_REPORTED_ERRORS = 20;
