/**
 * The label files of a dataset, read and parsed: train.csv (or Data_Entry_2017.csv) and valid.csv,
 * each given as text or found in the folder/zip. Every way they can be unusable is a refusal in
 * the one style (src/refusal): a plain sentence, and the file, row and column in the detail.
 */
import { parseLabelCsv } from '../../data/chexpertLabels.ts';
import { findLabelFiles } from '../../data/labelFiles.ts';
import type { LabelFormat, LabelRow, UncertaintyPolicy } from '../../data/labelTypes.ts';
import { isRefusal, type Refusal } from '../../refusal/refusal.ts';
import type { FileDataset, FileStore } from './trainSources.ts';

/**
 * @param sentence what is wrong and what to do
 * @param detail the file, row and column, or the library's words
 * @returns a refusal of a dataset the inspector (and a run) cannot use
 */
export function problem(sentence: string, detail = ''): Refusal {
  return { code: 'dataset-unusable', kind: 'bad-input', sentence, detail };
}

/**
 * @param r a refusal
 * @returns its sentence with the detail after it, for a run's error message
 */
export function refusalMessage(r: Refusal): string {
  return r.detail === '' ? r.sentence : `${r.sentence} (${r.detail})`;
}

/** At most this many CSV problems are spelled out in a message. */
const SHOWN_ERRORS = 3;

/** One parsed label file. */
export type Parsed = { format: LabelFormat; rows: LabelRow[]; uncertainCounts: readonly number[] };

/**
 * @param text CSV text
 * @param policy what −1 becomes
 * @param name the file's name for messages, or null to name it after the detected format
 * @returns the rows, or a message naming the file, row and column of the first problems
 */
function parseRows(text: string, policy: UncertaintyPolicy, name: string | null): Parsed | Refusal {
  const parsed = parseLabelCsv(text, { policy });
  if (parsed.ok) return { ...parsed, rows: [...parsed.rows] };
  const file = name ?? (parsed.format === 'nih' ? 'Data_Entry_2017.csv' : 'train.csv');
  const lines = parsed.errors
    .slice(0, SHOWN_ERRORS)
    .map((e) => `${file} row ${e.row}${e.column ? ` (${e.column})` : ''}: ${e.message}`);
  const more = parsed.errors.length - SHOWN_ERRORS;
  const n = parsed.errors.length;
  return problem(
    `${file} has ${n} problem${n === 1 ? '' : 's'} in its rows, so it cannot be used: fix ${n === 1 ? 'it' : 'them'} and pick the data again.`,
    lines.join('; ') + (more > 0 ? `; and ${more} more problem(s)` : ''),
  );
}

export type LabelFile = { readonly parsed: Parsed; readonly name: string };

/**
 * @param store the folder or zip
 * @param given the file's text, when the caller gave it
 * @param path where the file is in the store, when found there
 * @param policy what −1 becomes
 * @param givenName the name of given text in messages (null: named after its format)
 * @returns the parsed file, a message, or null when there is no such file
 */
async function labelFile(
  store: FileStore,
  given: string | undefined,
  path: string | undefined,
  policy: UncertaintyPolicy,
  givenName: string | null,
): Promise<LabelFile | Refusal | null> {
  if (given === undefined && path === undefined) return null;
  const name = given === undefined ? (path ?? null) : givenName;
  const text = given ?? new TextDecoder().decode(await store.read(path ?? ''));
  const parsed = parseRows(text, policy, name);
  if (isRefusal(parsed)) return parsed;
  return { parsed, name: name ?? (parsed.format === 'nih' ? 'Data_Entry_2017.csv' : 'train.csv') };
}

/**
 * Parses the training labels and the validation labels, each given or found in the store.
 * @param dataset the dataset (label texts, when given)
 * @param store its folder or zip
 * @param policy what −1 becomes
 * @returns both parsed files, or why they cannot be used
 */
export async function readLabels(
  dataset: FileDataset,
  store: FileStore,
  policy: UncertaintyPolicy,
): Promise<{ train: LabelFile; valid: LabelFile | null } | Refusal> {
  const found = findLabelFiles(store.paths);
  const train = await labelFile(store, dataset.trainCsv, found.train ?? found.nih, policy, null);
  if (train === null)
    return problem(
      'No label file was found: give train.csv (CheXpert) or Data_Entry_2017.csv (NIH), or a folder or zip that holds one.',
      `${store.paths.length} files, none named train.csv or Data_Entry_2017.csv`,
    );
  if (isRefusal(train)) return train;
  // valid.csv only exists for CheXpert; an NIH run always splits by patient.
  const validPath = train.parsed.format === 'chexpert' ? found.valid : undefined;
  const valid = await labelFile(store, dataset.validCsv, validPath, policy, 'valid.csv');
  if (isRefusal(valid)) return valid;
  if (valid && valid.parsed.format !== train.parsed.format)
    return problem(
      `${valid.name} and ${train.name} come from different datasets: use the label files of one dataset.`,
      `${valid.name} is ${valid.parsed.format}, ${train.name} is ${train.parsed.format}`,
    );
  return { train, valid };
}
