import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseLabelCsv } from '../../src/data/chexpertLabels.ts';
import { syntheticSample } from '../../src/data/synthetic.ts';
import { decodeImage, toGreyFloat } from '../../src/imaging/index.ts';
import { writePhantomFolder } from './phantomFiles.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'phantom-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writePhantomFolder', () => {
  const root = writePhantomFolder(dir, { seed: 4, train: 3, validation: 2, size: 24 });
  const read = (name: string) => readFileSync(path.join(root, name), 'utf8');

  it('labels each image as the built-in synthetic set does, one CSV per split', () => {
    const train = parseLabelCsv(read('train.csv'), { policy: 'ignore' });
    const valid = parseLabelCsv(read('valid.csv'), { policy: 'ignore' });
    if (!train.ok || !valid.ok) throw new Error('the written CSVs do not parse');
    const rows = [...train.rows, ...valid.rows];
    expect(train.rows).toHaveLength(3);
    expect(rows.map((r) => r.labels)).toEqual(
      [0, 1, 2, 3, 4].map((i) => syntheticSample(4, i, 8).labels),
    );
    expect(valid.rows[0]?.path).toBe(
      'CheXpert-v1.0-small/valid/patient00004/study1/view1_frontal.png',
    );
  });

  it('writes 8-bit PNGs of the phantom at the size asked', async () => {
    const bytes = readFileSync(path.join(root, 'train/patient00002/study1/view1_frontal.png'));
    const grey = toGreyFloat(await decodeImage(new Uint8Array(bytes)));
    expect([grey.width, grey.height]).toEqual([24, 24]);
    const expected = syntheticSample(4, 1, 24).image;
    const worst = Math.max(...expected.map((v, i) => Math.abs(v - (grey.data[i] ?? NaN))));
    expect(worst).toBeLessThanOrEqual(0.5 / 255 + 1e-6);
  });
});
