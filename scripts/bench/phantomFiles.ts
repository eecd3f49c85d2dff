/**
 * The synthetic phantoms written out as a CheXpert-format folder (PNG files, train.csv and
 * valid.csv with the phantoms' labels), so the training benchmark can compare reading image files
 * with holding the same images in memory.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encode } from 'fast-png';
import type { TaskLabel } from '../../src/data/labelTypes.ts';
import { syntheticSample } from '../../src/data/synthetic.ts';
import { CHEXPERT_HEADER, chexRow } from '../../src/worker/testing/datasetFixture.ts';

/** The folder's name, as CheXpert's own. */
export const PHANTOM_ROOT = 'CheXpert-v1.0-small';

const cell = (label: TaskLabel | undefined): string =>
  label === 1 ? '1.0' : label === 0 ? '0.0' : '';

/**
 * @param seed the synthetic set's seed
 * @param index the phantom
 * @param size the PNG's side
 * @returns 8-bit grey PNG bytes and the CSV cells (Atelectasis … Pleural Effusion)
 */
function phantomPng(seed: number, index: number, size: number) {
  const s = syntheticSample(seed, index, size);
  const data = new Uint8Array(s.image.length);
  for (let i = 0; i < data.length; i++)
    data[i] = Math.round(Math.min(1, Math.max(0, s.image[i] ?? 0)) * 255);
  return {
    png: encode({ width: size, height: size, data, channels: 1, depth: 8 }),
    cells: s.labels.map(cell),
  };
}

/**
 * Writes phantoms 0 … train−1 under train/ and the next `validation` under valid/, one patient
 * each, with the same labels the built-in synthetic set gives them.
 * @param dir where to write (the folder `PHANTOM_ROOT` is created in it)
 * @param opts seed, counts and the PNGs' side in pixels
 * @returns the folder to pick
 */
export function writePhantomFolder(
  dir: string,
  opts: { seed: number; train: number; validation: number; size: number },
): string {
  const root = path.join(dir, PHANTOM_ROOT);
  const lines: Record<'train' | 'valid', string[]> = { train: [], valid: [] };
  for (let i = 0; i < opts.train + opts.validation; i++) {
    const split = i < opts.train ? 'train' : 'valid';
    const rel = `${split}/patient${String(i + 1).padStart(5, '0')}/study1/view1_frontal.png`;
    const { png, cells } = phantomPng(opts.seed, i, opts.size);
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), png);
    lines[split].push(chexRow(`${PHANTOM_ROOT}/${rel}`, true, cells));
  }
  writeFileSync(path.join(root, 'train.csv'), [CHEXPERT_HEADER, ...lines.train].join('\n'));
  writeFileSync(path.join(root, 'valid.csv'), [CHEXPERT_HEADER, ...lines.valid].join('\n'));
  return root;
}
