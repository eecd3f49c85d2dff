import { describe, expect, it } from 'vitest';
import type { UncertaintyPolicy } from '../../data/labelTypes.ts';
import { zeroBomb, zipFile } from '../../imaging/testing/bombs.ts';
import { inspectDataset } from './datasetApi.ts';
import type { DatasetReport, TrainDataset } from '../protocol.ts';
import {
  CHEXPERT_HEADER,
  CHEXPERT_IMAGES,
  folderFiles,
  omit,
  MISSING,
  pngBytes,
  TRAIN_CSV,
  VALID_CSV,
  zipBlob,
} from '../testing/datasetFixture.ts';

type FileDataset = Extract<TrainDataset, { kind: 'chexpert' }>;

const BASE: FileDataset = {
  kind: 'chexpert',
  trainCsv: TRAIN_CSV,
  validCsv: VALID_CSV,
  files: folderFiles(CHEXPERT_IMAGES),
  frontalOnly: true,
  seed: 3,
};

async function ok(dataset: FileDataset, policy: UncertaintyPolicy = 'U-Ones') {
  const report = await inspectDataset(dataset, policy);
  if (!report.ok) throw new Error(report.refusal.sentence);
  return report;
}

/** The refusal as "sentence | detail" (the detail holds file, row and column). */
async function message(dataset: FileDataset): Promise<string> {
  const report: DatasetReport = await inspectDataset(dataset, 'U-Ones');
  if (report.ok) throw new Error('expected a refusal');
  return `${report.refusal.sentence} | ${report.refusal.detail}`;
}

const positives = (r: Extract<DatasetReport, { ok: true }>, side: 'train' | 'validation') =>
  r.perTaskPositives.map((p) => p[side]);

describe('inspectDataset on CheXpert', () => {
  it('counts rows, frontal rows, the valid.csv split and missing images', async () => {
    const r = await ok(BASE);
    expect(r).toMatchObject({ format: 'chexpert', rows: 5, frontalRows: 4, trainRows: 4 });
    expect(r).toMatchObject({ validationRows: 2, validationFrom: 'valid.csv', imagesFound: 5 });
    expect(r.missing).toEqual({ count: 1, examples: [MISSING[0]] });
    expect(r.perTaskPositives.map((p) => p.task)).toEqual([
      'Atelectasis',
      'Cardiomegaly',
      'Consolidation',
      'Edema',
      'Pleural Effusion',
    ]);
    expect(positives(r, 'validation')).toEqual([1, 1, 0, 0, 1]);
    expect(r.notes.join(' ')).toMatch(/4 uncertain \(−1\) labels counted positive \(U-Ones\)/);
    expect(r.notes.join(' ')).toMatch(/1 lateral rows left out/);
  });

  it('applies each uncertainty policy to −1 and reads blanks as negative', async () => {
    expect(positives(await ok(BASE, 'U-Ones'), 'train')).toEqual([2, 2, 2, 1, 2]);
    expect(positives(await ok(BASE, 'U-Zeros'), 'train')).toEqual([1, 1, 1, 1, 1]);
    const ignored = await ok(BASE, 'ignore');
    expect(positives(ignored, 'train')).toEqual([1, 1, 1, 1, 1]);
    expect(ignored.notes.join(' ')).toMatch(/left out of the loss/);
  });

  it('keeps lateral rows when asked, and counts their missing images', async () => {
    const r = await ok({ ...BASE, frontalOnly: false });
    expect(r).toMatchObject({ trainRows: 5, validationRows: 3, imagesFound: 6 });
    expect(r.missing).toEqual({ count: 2, examples: [...MISSING] });
  });

  it('splits by patient when there is no valid.csv', async () => {
    const noValid = omit(BASE, 'validCsv');
    const r = await ok({ ...noValid, validationFraction: 0.25 });
    expect(r.validationFrom).toBe('patient split');
    expect(r.trainRows + r.validationRows).toBe(4);
    expect(r.validationRows).toBe(1); // one frontal image per patient, a quarter of four
    expect(r.notes.join(' ')).toMatch(/No valid.csv: 1 patient\(s\)/);
  });

  it('applies the seeded subset to the training rows only', async () => {
    const r = await ok({ ...BASE, subsetSize: 2 });
    expect(r).toMatchObject({ trainRows: 2, validationRows: 2 });
  });
});

describe('inspectDataset on NIH', () => {
  const NIH = [
    'Image Index,Finding Labels,Follow-up #,Patient ID,Patient Age,Patient Gender,View Position',
    '00000001_000.png,Cardiomegaly|Effusion,0,1,58,M,PA',
    '00000001_001.png,No Finding,1,1,58,M,PA',
    '00000002_000.png,Atelectasis,0,2,81,F,AP',
    '00000003_000.png,Edema|Mass,0,3,74,F,PA',
  ].join('\n');
  const images = folderFiles({
    'nih/images_001/images/00000001_000.png': pngBytes(1),
    'nih/images_001/images/00000001_001.png': pngBytes(2),
    'nih/images_002/images/00000002_000.png': pngBytes(3),
  });

  it('reads Data_Entry_2017.csv, splits by patient and finds images in any images_NNN', async () => {
    const dataset = { ...BASE, trainCsv: NIH, files: images, validationFraction: 0.3 };
    const noValid = omit(dataset, 'validCsv');
    const r = await ok(noValid);
    expect(r).toMatchObject({ format: 'nih', rows: 4, frontalRows: null });
    expect(r.validationFrom).toBe('patient split');
    expect(r.trainRows + r.validationRows).toBe(4);
    expect(r.missing).toEqual({ count: 1, examples: ['00000003_000.png'] });
    const total = r.perTaskPositives.map((p) => p.train + p.validation);
    expect(total).toEqual([1, 1, 0, 1, 1]);
  });

  it('refuses a CheXpert valid.csv next to NIH training labels', async () => {
    expect(await message({ ...BASE, trainCsv: NIH, files: images })).toMatch(
      /^valid\.csv and Data_Entry_2017\.csv come from different datasets.* \| valid\.csv is chexpert, Data_Entry_2017\.csv is nih$/,
    );
  });
});

describe('inspectDataset with the label files inside the folder or zip', () => {
  const withCsv = {
    ...CHEXPERT_IMAGES,
    'MyCopy/train.csv': TRAIN_CSV,
    'MyCopy/valid.csv': VALID_CSV,
    'MyCopy/old/train.csv': 'junk',
  };

  it('finds train.csv and valid.csv in a folder', async () => {
    const rest = omit(BASE, 'trainCsv', 'validCsv');
    const r = await ok({ ...rest, files: folderFiles(withCsv) });
    expect(r).toMatchObject({ trainRows: 4, validationRows: 2, imagesFound: 5 });
    expect(r.notes[0]).toBe('Labels from MyCopy/train.csv and MyCopy/valid.csv.');
  });

  it('finds them in a zip and reports the same counts', async () => {
    const rest = omit(BASE, 'trainCsv', 'validCsv', 'files');
    const r = await ok({ ...rest, zip: zipBlob(withCsv) });
    const fromFolder = await ok(BASE);
    expect({ ...r, notes: [] }).toEqual({ ...fromFolder, notes: [] });
  });

  it('says which file is missing when there are no labels', async () => {
    const rest = omit(BASE, 'trainCsv');
    expect(await message(rest)).toMatch(
      /^No label file was found: give train\.csv .* Data_Entry_2017\.csv.* \| \d+ files, none named/,
    );
  });
});

describe('inspectDataset refusals', () => {
  it('names the file, row and column of a bad value', async () => {
    const bad = VALID_CSV.replace(
      /(patient64542\/study1\/view1_frontal\.jpg,Female,68,Frontal,AP,,,)1/,
      '$1maybe',
    );
    expect(bad).not.toBe(VALID_CSV);
    expect(await message({ ...BASE, validCsv: bad })).toBe(
      'valid.csv has 1 problem in its rows, so it cannot be used: fix it and pick the data again. | valid.csv row 3 (Cardiomegaly): value "maybe" is not 1, 0, -1 or blank',
    );
  });

  it('lists the columns it expected for an unknown header, and refuses empty files', async () => {
    expect(await message({ ...BASE, trainCsv: 'a,b\n1,2\n' })).toMatch(
      /\| train\.csv row 1: Unrecognised header: expected .*Path, Frontal\/Lateral.*Image Index/,
    );
    expect(await message({ ...BASE, trainCsv: '\n' })).toMatch(
      /\| train\.csv row 1: The file is empty\.$/,
    );
    expect(await message({ ...BASE, validCsv: CHEXPERT_HEADER })).toMatch(
      /\| valid\.csv row 2: The file has a header but no rows\.$/,
    );
  });

  it('refuses a broken zip and a dataset without files', async () => {
    const zip = new File(['not a zip at all, just text'], 'chexpert.zip');
    expect(await message({ ...BASE, zip })).toBe(
      'chexpert.zip cannot be read as a zip archive: check that it is a complete .zip file. | Not a zip file (no end-of-central-directory record).',
    );
    expect(await message({ ...BASE, files: [] })).toBe(
      'No files were given: pick the dataset folder, or drop its zip. | ',
    );
  });

  it('refuses a zip whose train.csv is a decompression bomb, by its code', async () => {
    const zip = new File(
      [
        zipFile([
          {
            name: 'CheXpert-v1.0-small/train.csv',
            data: zeroBomb({ zeros: 1e9, format: 'raw' }),
            method: 8,
            size: 4000,
          },
        ]),
      ],
      'chexpert.zip',
    );
    const report = await inspectDataset(
      { kind: 'chexpert', zip, frontalOnly: true, seed: 3 },
      'U-Ones',
    );
    expect(report.ok).toBe(false);
    if (report.ok) return;
    expect(report.refusal.code).toBe('zip-bomb');
    expect(report.refusal.sentence).toMatch(
      /^CheXpert-v1.0-small\/train.csv in the zip expands to more than/,
    );
  });

  it('refuses the synthetic set', async () => {
    const synthetic = { kind: 'synthetic', size: 4, validationSize: 2, seed: 0 } as const;
    expect((await inspectDataset(synthetic, 'U-Ones')).ok).toBe(false);
  });
});
