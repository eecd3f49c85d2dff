/**
 * Dataset sources in the worker: the synthetic set, or CheXpert/NIH rows backed by the person's
 * files (a dropped folder's `File`s or a zip read entry by entry). The label files come as text or
 * are found inside the folder/zip. Images are decoded on demand by src/imaging (PNG/JPEG/DICOM →
 * grey [0, 1]), resized on the shorter side and centre-cropped; with `inMemory`, once up front.
 * `selectDataset` is the one place rows are parsed, filtered and split: training and the
 * inspector (datasetApi.ts) both go through it, so what is inspected is what is trained on.
 */
import type { DatasetSource } from '../../data/batches.ts';
import { errorMessage } from '../../data/batches.ts';
import type { LabelFormat, LabelRow, UncertaintyPolicy } from '../../data/labelTypes.ts';
import { inMemoryRefusal, preloadSource } from '../../data/memorySource.ts';
import { buildPathIndex, type PathIndex } from '../../data/pathMatch.ts';
import { patientSplit, selectRows } from '../../data/split.ts';
import { syntheticSource } from '../../data/syntheticSource.ts';
import { centerCrop, decodeImage, resizeShorterSide, toGreyFloat } from '../../imaging/index.ts';
import { isRefusal, toRefusal, type Refusal } from '../../refusal/refusal.ts';
import { problem, readLabels, refusalMessage } from './labelFilesRead.ts';
import type { TrainDataset } from '../protocol.ts';
import { zipStore, ZipError } from './zipStore.ts';

/** Reads the bytes of an available file by its path. */
export interface FileStore {
  readonly paths: readonly string[];
  read(path: string): Promise<Uint8Array>;
}

/** The two splits, or a message when the label files are unusable. */
export type SplitSources =
  | { readonly ok: true; readonly train: DatasetSource; readonly validation: DatasetSource }
  | { readonly ok: false; readonly message: string };

/** A CheXpert/NIH dataset description. */
export type FileDataset = Extract<TrainDataset, { kind: 'chexpert' }>;

/** The rows a dataset trains and validates on, with what the inspector reports about them. */
export interface DatasetSelection {
  readonly format: LabelFormat;
  /** Rows of the training label file. */
  readonly rows: number;
  /** Frontal rows of the training label file (null for NIH, where every image is frontal). */
  readonly frontalRows: number | null;
  readonly train: readonly LabelRow[];
  readonly validation: readonly LabelRow[];
  readonly validationFrom: 'valid.csv' | 'patient split';
  /** −1 labels per task in the label files, before the policy. */
  readonly uncertainCounts: readonly number[];
  /** Where the labels came from (a path inside the folder/zip, or 'train.csv' for given text). */
  readonly labelFiles: { readonly train: string; readonly valid?: string };
  readonly store: FileStore;
}

/**
 * @param files a dropped folder's files
 * @returns a store keyed by `webkitRelativePath` (or the bare name when there is none)
 */
export function folderStore(files: readonly File[]): FileStore {
  const byPath = new Map(files.map((f) => [f.webkitRelativePath || f.name, f] as const));
  return {
    paths: [...byPath.keys()],
    async read(path) {
      const file = byPath.get(path);
      if (!file) throw new Error(`no file ${path}`);
      return new Uint8Array(await file.arrayBuffer());
    },
  };
}

const indexes = new WeakMap<FileStore, PathIndex>();

/**
 * @param store the available files
 * @returns the path index of the store, built once (CheXpert's 223k paths make ~1M suffixes)
 */
export function pathIndexOf(store: FileStore): PathIndex {
  let index = indexes.get(store);
  if (!index) indexes.set(store, (index = buildPathIndex(store.paths)));
  return index;
}

/**
 * @param rows labelled rows
 * @param store the available files
 * @returns a source decoding each row's image; a missing, unreadable or undecodable image
 *   throws with a specific reason, so the batcher skips and reports it and the run goes on
 */
export function fileSource(rows: readonly LabelRow[], store: FileStore): DatasetSource {
  const index = pathIndexOf(store);
  return {
    length: rows.length,
    name: (i) => rows[i]?.path ?? `#${i}`,
    async load(i, size) {
      const row = rows[i];
      if (!row) throw new RangeError(`row ${i} is out of range`);
      const path = index.find(row.path);
      if (path === undefined) throw new Error('missing file: no image at this path was given');
      let bytes: Uint8Array;
      try {
        bytes = await store.read(path);
      } catch (error) {
        throw new Error(`unreadable file ${path}: ${errorMessage(error)}`, { cause: error });
      }
      try {
        const grey = toGreyFloat(await decodeImage(bytes));
        const image = centerCrop(resizeShorterSide(grey, size, 'bilinear'), size).data;
        return { image, labels: row.labels };
      } catch (error) {
        throw new Error(`undecodable image ${path}: ${errorMessage(error)}`, { cause: error });
      }
    },
  };
}

/**
 * @param dataset the dataset
 * @returns a store over its folder or zip, or why there is none
 */
export async function openStore(dataset: FileDataset): Promise<FileStore | Refusal> {
  let store: FileStore;
  if (dataset.zip) {
    const zipName = dataset.zip instanceof File ? dataset.zip.name : 'the zip';
    try {
      store = await zipStore(dataset.zip);
    } catch (error) {
      if (!(error instanceof ZipError)) throw error;
      if (error.code !== 'zip-unreadable') return toRefusal(error);
      return problem(
        `${zipName} cannot be read as a zip archive: check that it is a complete .zip file.`,
        error.detail,
      );
    }
  } else {
    store = folderStore(dataset.files ?? []);
  }
  return store.paths.length === 0
    ? problem('No files were given: pick the dataset folder, or drop its zip.')
    : store;
}

/**
 * Parses, filters (frontal only, seeded subset) and splits the rows of a dataset: valid.csv when
 * there is one, else a seeded patient-level split.
 * @param dataset the dataset (CSV text given, or found in the folder/zip)
 * @param policy uncertainty policy for CheXpert's −1
 * @returns the selection, or a message naming the file, row and column of what is wrong
 */
export async function selectDataset(
  dataset: FileDataset,
  policy: UncertaintyPolicy,
): Promise<DatasetSelection | Refusal> {
  const store = await openStore(dataset);
  if (isRefusal(store)) return store;
  let labels: Awaited<ReturnType<typeof readLabels>>;
  try {
    labels = await readLabels(dataset, store, policy);
  } catch (error) {
    if (isRefusal(error)) return toRefusal(error); // e.g. a zip entry refused by its limits
    return problem('The label file could not be read: pick the data again.', errorMessage(error));
  }
  if (isRefusal(labels)) return labels;
  const train = labels.train.parsed;
  const valid = labels.valid?.parsed;
  const select = {
    frontalOnly: dataset.frontalOnly,
    seed: dataset.seed,
    ...(dataset.subsetSize === undefined ? {} : { subsetSize: dataset.subsetSize }),
  };
  const split = valid
    ? {
        train: selectRows(train.rows, select),
        validation: selectRows(valid.rows, { frontalOnly: dataset.frontalOnly }),
      }
    : patientSplit(selectRows(train.rows, select), dataset.validationFraction ?? 0.1, dataset.seed);
  const validCounts = valid?.uncertainCounts ?? [];
  return {
    format: train.format,
    rows: train.rows.length,
    frontalRows: train.format === 'nih' ? null : train.rows.filter((r) => r.frontal).length,
    ...split,
    validationFrom: valid ? 'valid.csv' : 'patient split',
    uncertainCounts: train.uncertainCounts.map((n, t) => n + (validCounts[t] ?? 0)),
    labelFiles: {
      train: labels.train.name,
      ...(labels.valid ? { valid: labels.valid.name } : {}),
    },
    store,
  };
}

/** Options of `buildSources`. */
export interface BuildOptions {
  /** Square input side; required for an `inMemory` dataset (images are resized once to it). */
  readonly inputSize?: number;
  /** Progress of the in-memory preload, images done out of the total (train + validation). */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * @param dataset the dataset part of the configuration
 * @param policy uncertainty policy for CheXpert's −1
 * @param options input size and progress, for an `inMemory` dataset
 * @returns training and validation sources, or why they cannot be built
 */
export async function buildSources(
  dataset: TrainDataset,
  policy: UncertaintyPolicy,
  options: BuildOptions = {},
): Promise<SplitSources> {
  if (dataset.kind === 'synthetic') {
    const { seed, size, validationSize } = dataset;
    return {
      ok: true,
      train: syntheticSource(seed, 0, size),
      validation: syntheticSource(seed, size, validationSize),
    };
  }
  const selection = await selectDataset(dataset, policy);
  if (isRefusal(selection)) return { ok: false, message: refusalMessage(selection) };
  const train = fileSource(selection.train, selection.store);
  const validation = fileSource(selection.validation, selection.store);
  if (!dataset.inMemory) return { ok: true, train, validation };
  return preloadBoth(train, validation, options);
}

async function preloadBoth(
  train: DatasetSource,
  validation: DatasetSource,
  { inputSize, onProgress }: BuildOptions,
): Promise<SplitSources> {
  if (inputSize === undefined)
    return { ok: false, message: 'In-memory training needs the input size to preload at.' };
  const total = train.length + validation.length;
  const refusal = inMemoryRefusal(total, inputSize);
  if (refusal !== null) return { ok: false, message: refusal };
  const report = (done: number): void => onProgress?.(done, total);
  return {
    ok: true,
    train: await preloadSource(train, inputSize, (done) => report(done)),
    validation: await preloadSource(validation, inputSize, (done) => report(train.length + done)),
  };
}
