import { describe, expect, it } from 'vitest';
import { CHEXPERT_TASKS } from '../../study/types.ts';
import type { FilePrediction } from '../../worker/protocol.ts';
import { colormap, colourise, toRgba } from './colormaps.ts';
import { findingRows } from './findingRows.ts';
import { progressText } from './queueProgress.ts';
import { sortRows, summaryRows } from './summaryRows.ts';
import type { QueueItem } from './xrayStore.ts';

const result = (name: string, probabilities: number[], flagged = false): FilePrediction => ({
  name,
  status: 'ok',
  ood: { flagged, reasons: flagged ? [{ code: 'colour', message: 'Colour image' }] : [] },
  predictions: [
    {
      modelId: 'm1',
      status: 'random weights',
      probabilities,
      logits: [],
      crop: { x: 0, y: 0, width: 1, height: 1 },
      saliency: [],
    },
  ],
});

const item = (key: number, status: QueueItem['status'], r?: FilePrediction): QueueItem => ({
  key,
  name: r?.name ?? `f${key}`,
  file: null,
  status,
  revealed: false,
  ...(r ? { result: r } : {}),
});

describe('colormaps', () => {
  it('jet runs blue → green → red, viridis hits its end samples, grey is the value', () => {
    expect(colormap('jet', 0)).toEqual([0, 0, 128]);
    expect(colormap('jet', 0.5)).toEqual([128, 255, 128]);
    expect(colormap('jet', 1)).toEqual([128, 0, 0]);
    expect(colormap('viridis', 0)).toEqual([0x44, 0x01, 0x54]);
    expect(colormap('viridis', 1)).toEqual([0xfd, 0xe7, 0x25]);
    expect(colormap('grey', 0.5)).toEqual([128, 128, 128]);
    expect(colormap('grey', Number.NaN)).toEqual([0, 0, 0]);
  });
  it('colourise applies one alpha; toRgba expands grey', () => {
    const rgba = colourise(new Float32Array([0, 1]), 'grey', 0.5);
    expect([...rgba]).toEqual([0, 0, 0, 128, 255, 255, 255, 128]);
    expect([...toRgba(new Uint8ClampedArray([7]), 1)]).toEqual([7, 7, 7, 255]);
  });
});

describe('findingRows', () => {
  it('keeps output order, or sorts highest first', () => {
    const p = [0.1, 0.9, 0.5, 0.3, 0.7];
    expect(findingRows(p, false).map((r) => r.task)).toEqual([...CHEXPERT_TASKS]);
    expect(findingRows(p, true).map((r) => r.p)).toEqual([0.9, 0.7, 0.5, 0.3, 0.1]);
  });
});

describe('summaryRows', () => {
  const items = [
    item(1, 'done', result('a.png', [0.2, 0.8, 0, 0, 0])),
    item(2, 'done', result('b.jpg', [0.9, 0.1, 0, 0, 0], true)),
    item(3, 'done', result('c.png', [0.5, 0.5, 0, 0, 0])),
    item(4, 'error', { name: 'd.dcm', status: 'error', predictions: [] }),
  ];
  it('hides the probabilities of an unrevealed out-of-distribution image', () => {
    const rows = summaryRows(items);
    expect(rows.map((r) => r.file)).toEqual(['a.png', 'b.jpg', 'c.png', 'd.dcm']);
    expect(rows[1]?.probabilities).toBeNull();
    const ood = items[1];
    if (!ood) throw new Error('fixture');
    expect(summaryRows([{ ...ood, revealed: true }])[0]?.probabilities?.[0]).toBe(0.9);
  });
  it('sorts by a finding, rows without values last', () => {
    const sorted = sortRows(summaryRows(items), 0, true);
    expect(sorted.map((r) => r.file)).toEqual(['c.png', 'a.png', 'b.jpg', 'd.dcm']);
    expect(sortRows(summaryRows(items), 'file', true)[0]?.file).toBe('d.dcm');
  });
});

describe('progressText', () => {
  it('counts finished files, skips cancelled ones, and is null when idle', () => {
    expect(progressText([item(1, 'done'), item(2, 'running'), item(3, 'queued')])).toBe(
      'Processing file 2 of 3: f2',
    );
    expect(progressText([item(1, 'error'), item(2, 'cancelled'), item(3, 'queued')])).toBe(
      'Processing file 2 of 2',
    );
    expect(progressText([item(1, 'done')])).toBeNull();
  });
});
