import { describe, expect, it } from 'vitest';
import { iterateBatches, type DatasetSource, type SkipReport } from '../../data/batches.ts';
import { findLabelFiles } from '../../data/labelFiles.ts';
import type { TrainDataset } from '../protocol.ts';
import {
  CHEXPERT_IMAGES,
  folderFiles,
  omit,
  MISSING,
  TRAIN_CSV,
  VALID_CSV,
  zipBlob,
} from '../testing/datasetFixture.ts';
import { isRefusal } from '../../refusal/refusal.ts';
import { buildSources, selectDataset } from './trainSources.ts';

type FileDataset = Extract<TrainDataset, { kind: 'chexpert' }>;

const BASE: FileDataset = {
  kind: 'chexpert',
  trainCsv: TRAIN_CSV,
  validCsv: VALID_CSV,
  files: folderFiles(CHEXPERT_IMAGES),
  frontalOnly: false,
  seed: 1,
};
const SIZE = 8;

async function sources(dataset: TrainDataset, inputSize = SIZE) {
  const built = await buildSources(dataset, 'U-Ones', { inputSize });
  if (!built.ok) throw new Error(built.message);
  return built;
}

/** Every item of a source as its image and labels, or the reason it failed. */
async function loadAll(source: DatasetSource) {
  const out: ({ image: number[]; labels: readonly (0 | 1 | null)[] } | string)[] = [];
  for (let i = 0; i < source.length; i++) {
    try {
      const item = await source.load(i, SIZE);
      out.push({ image: Array.from(item.image), labels: item.labels });
    } catch (error) {
      out.push(error instanceof Error ? error.message : String(error));
    }
  }
  return out;
}

describe('fileSource reasons', () => {
  it('says why each unreadable image was skipped, and the run goes on', async () => {
    const { train } = await sources(BASE);
    const report: SkipReport = { skipped: [] };
    const opts = { batchSize: 2, size: SIZE, mean: [0, 0, 0], std: [1, 1, 1], report } as const;
    let count = 0;
    for await (const batch of iterateBatches(train, [0, 1, 2, 3, 4], opts)) count += batch.count;
    expect(count).toBe(3);
    expect(report.skipped).toEqual([
      {
        path: 'CheXpert-v1.0-small/train/patient00003/study1/view1_frontal.jpg',
        reason: expect.stringMatching(
          /^undecodable image MyCopy\/train\/patient00003\/study1\/view1_frontal\.jpg: .+/,
        ) as unknown,
      },
      { path: MISSING[0], reason: 'missing file: no image at this path was given' },
    ]);
  });
});

describe('zip and folder sources', () => {
  it('load the same items, from a deflated or a stored zip', async () => {
    const fromFolder = await sources(BASE);
    for (const level of [0, 6]) {
      const rest = omit(BASE, 'files');
      const fromZip = await sources({ ...rest, zip: zipBlob(CHEXPERT_IMAGES, level) });
      expect(await loadAll(fromZip.train)).toEqual(await loadAll(fromFolder.train));
      expect(await loadAll(fromZip.validation)).toEqual(await loadAll(fromFolder.validation));
    }
  });
});

describe('inMemory', () => {
  it('serves the same items as the file source, item by item, with progress', async () => {
    const files = await sources(BASE);
    const progress: [number, number][] = [];
    const onProgress = (done: number, total: number) => void progress.push([done, total]);
    const built = await buildSources({ ...BASE, inMemory: true }, 'U-Ones', {
      inputSize: SIZE,
      onProgress,
    });
    if (!built.ok) throw new Error(built.message);
    expect(await loadAll(built.train)).toEqual(await loadAll(files.train));
    expect(await loadAll(built.validation)).toEqual(await loadAll(files.validation));
    expect(progress).toEqual(Array.from({ length: 8 }, (_, i) => [i + 1, 8]));
    expect(() => built.train.load(0, SIZE * 2)).toThrow(/holds 8 px images, not 16/);
  });

  it('refuses over 512 MB before reading any image, and without an input size', async () => {
    const built = await buildSources({ ...BASE, inMemory: true }, 'U-Ones', { inputSize: 4200 });
    // 8 images × 4200² × 4 bytes = 538 MiB
    expect(built).toEqual({
      ok: false,
      message: expect.stringMatching(/needs about 538 MB for 8 images at 4200 px, over the 512 MB/),
    });
    const noSize = await buildSources({ ...BASE, inMemory: true }, 'U-Ones');
    expect(noSize.ok).toBe(false);
  });
});

describe('selectDataset', () => {
  it('never puts a patient on both sides of a patient split', async () => {
    const noValid = omit(BASE, 'validCsv');
    for (const seed of [0, 1, 2, 3]) {
      const s = await selectDataset({ ...noValid, seed, validationFraction: 0.4 }, 'U-Ones');
      if (isRefusal(s)) throw new Error(s.sentence);
      const train = new Set(s.train.map((r) => r.patientId));
      expect(s.validation.length).toBeGreaterThan(0);
      expect(s.validation.some((r) => train.has(r.patientId))).toBe(false);
    }
  });
});

describe('findLabelFiles', () => {
  it('finds the shallowest train/valid/NIH label files, ignoring macOS metadata', () => {
    const paths = [
      '__MACOSX/train.csv',
      'CheXpert-v1.0-small/backup/train.csv',
      'CheXpert-v1.0-small/train.csv',
      'CheXpert-v1.0-small/valid.csv',
      'nih/Data_Entry_2017_v2020.csv',
      'CheXpert-v1.0-small/train/patient00001/study1/view1_frontal.jpg',
    ];
    expect(findLabelFiles(paths)).toEqual({
      train: 'CheXpert-v1.0-small/train.csv',
      valid: 'CheXpert-v1.0-small/valid.csv',
      nih: 'nih/Data_Entry_2017_v2020.csv',
    });
    expect(findLabelFiles(['a/b.png'])).toEqual({});
  });
});
