/**
 * Dataset sources in the worker: the synthetic set, or CheXpert/NIH rows backed by the person's
 * files (a dropped folder's `File`s or a zip). Images are decoded on demand by src/imaging
 * (PNG/JPEG/DICOM → grey [0, 1]), resized on the shorter side and centre-cropped.
 */
import { unzip } from 'fflate';
import type { DatasetSource } from '../data/batches.ts';
import { parseLabelCsv } from '../data/chexpertLabels.ts';
import type { LabelRow, UncertaintyPolicy } from '../data/labelTypes.ts';
import { buildPathIndex } from '../data/pathMatch.ts';
import { patientSplit, selectRows } from '../data/split.ts';
import { syntheticSource } from '../data/syntheticSource.ts';
import { centerCrop, decodeImage, resizeShorterSide, toGreyFloat } from '../imaging/index.ts';
import type { TrainDataset } from './protocol.ts';

/** Reads the bytes of an available file by its path. */
export interface FileStore {
  readonly paths: readonly string[];
  read(path: string): Promise<Uint8Array>;
}

/** The two splits, or a message when the label files are unusable. */
export type SplitSources =
  | { readonly ok: true; readonly train: DatasetSource; readonly validation: DatasetSource }
  | { readonly ok: false; readonly message: string };

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

/**
 * A zip read entry by entry: fflate's filter lists the names without inflating anything, and
 * each read inflates only the one entry asked for. The zip's bytes stay in memory (a Blob has
 * no cheaper random access through fflate); the decoded images never accumulate.
 * @param zip the zip file
 * @returns a store keyed by entry name
 */
export async function zipStore(zip: Blob): Promise<FileStore> {
  const bytes = new Uint8Array(await zip.arrayBuffer());
  const paths: string[] = [];
  await unzipFiltered(bytes, (name) => {
    if (!name.endsWith('/')) paths.push(name);
    return false;
  });
  return {
    paths,
    async read(path) {
      const out = await unzipFiltered(bytes, (name) => name === path);
      const data = out[path];
      if (!data) throw new Error(`no zip entry ${path}`);
      return data;
    },
  };
}

function unzipFiltered(
  bytes: Uint8Array,
  keep: (name: string) => boolean,
): Promise<Record<string, Uint8Array>> {
  return new Promise((resolve, reject) =>
    unzip(bytes, { filter: (f) => keep(f.name) }, (err, out) => (err ? reject(err) : resolve(out))),
  );
}

/**
 * @param rows labelled rows
 * @param store the available files
 * @returns a source decoding each row's image (unmatched paths throw, so the batcher skips them)
 */
export function fileSource(rows: readonly LabelRow[], store: FileStore): DatasetSource {
  const index = buildPathIndex(store.paths);
  return {
    length: rows.length,
    name: (i) => rows[i]?.path ?? `#${i}`,
    async load(i, size) {
      const row = rows[i];
      if (!row) throw new RangeError(`row ${i} is out of range`);
      const path = index.find(row.path);
      if (path === undefined) throw new Error('image file not found among the dropped files');
      const grey = toGreyFloat(await decodeImage(await store.read(path)));
      const image = centerCrop(resizeShorterSide(grey, size, 'bilinear'), size).data;
      return { image, labels: row.labels };
    },
  };
}

function parseRows(text: string, policy: UncertaintyPolicy, name: string): LabelRow[] | string {
  const parsed = parseLabelCsv(text, { policy });
  if (parsed.ok) return [...parsed.rows];
  const lines = parsed.errors.map(
    (e) => `row ${e.row}${e.column ? ` (${e.column})` : ''}: ${e.message}`,
  );
  return `${name}: ${lines.join('; ')}`;
}

/**
 * @param dataset the dataset part of the configuration
 * @param policy uncertainty policy for CheXpert's −1
 * @returns training and validation sources, or why they cannot be built
 */
export async function buildSources(
  dataset: TrainDataset,
  policy: UncertaintyPolicy,
): Promise<SplitSources> {
  if (dataset.kind === 'synthetic') {
    const { seed, size, validationSize } = dataset;
    return {
      ok: true,
      train: syntheticSource(seed, 0, size),
      validation: syntheticSource(seed, size, validationSize),
    };
  }
  const train = parseRows(dataset.trainCsv, policy, 'training labels');
  if (typeof train === 'string') return { ok: false, message: train };
  const select = {
    frontalOnly: dataset.frontalOnly,
    seed: dataset.seed,
    ...(dataset.subsetSize === undefined ? {} : { subsetSize: dataset.subsetSize }),
  };
  let split: { train: readonly LabelRow[]; validation: readonly LabelRow[] };
  if (dataset.validCsv !== undefined) {
    const validation = parseRows(dataset.validCsv, policy, 'validation labels');
    if (typeof validation === 'string') return { ok: false, message: validation };
    split = {
      train: selectRows(train, select),
      validation: selectRows(validation, { frontalOnly: dataset.frontalOnly }),
    };
  } else {
    split = patientSplit(
      selectRows(train, select),
      dataset.validationFraction ?? 0.1,
      dataset.seed,
    );
  }
  const store = dataset.zip ? await zipStore(dataset.zip) : folderStore(dataset.files ?? []);
  if (store.paths.length === 0) return { ok: false, message: 'No image files were given.' };
  return {
    ok: true,
    train: fileSource(split.train, store),
    validation: fileSource(split.validation, store),
  };
}
