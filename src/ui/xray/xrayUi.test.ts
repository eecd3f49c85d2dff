import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  CALIBRATED_CSV_COLUMNS,
  PREDICTION_CSV_COLUMNS,
  predictionsCsv,
} from '../../imaging/predictionsCsv.ts';
import { CHEXPERT_TASKS } from '../../study/types.ts';
import type { FilePrediction } from '../../worker/protocol.ts';
import { colormap, colourise, toRgba } from './colormaps.ts';
import { chestModel } from '../../zoo/chestCatalog.ts';
import { csvResultOf } from './exportRows.ts';
import { chexpertValues, findingRows } from './findingRows.ts';
import { mergeResult, missingRows, queueLine } from './queueProgress.ts';
import { sortRows, summaryRows } from './summaryRows.ts';
import { fileTimingText, modelTimingText } from './timingText.ts';
import type { QueueItem } from './xrayStore.ts';

const result = (name: string, probabilities: number[], flagged = false): FilePrediction => ({
  name,
  status: 'ok',
  ood: { flagged, reasons: flagged ? [{ code: 'colour', message: 'Colour image' }] : [] },
  predictions: [
    {
      modelId: 'm1',
      status: 'random weights',
      outputs: [...CHEXPERT_TASKS],
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
  const five = { outputs: [...CHEXPERT_TASKS], probabilities: [0.1, 0.9, 0.5, 0.3, 0.7] };
  it('keeps output order, or sorts highest first', () => {
    const plain = { sorted: false, calibrated: false };
    expect(findingRows(five, plain).map((r) => r.task)).toEqual([...CHEXPERT_TASKS]);
    expect(findingRows(five, { ...plain, sorted: true }).map((r) => r.p)).toEqual([
      0.9, 0.7, 0.5, 0.3, 0.1,
    ]);
  });

  // TorchXRayVision's 'chex' layout: no Infiltration; 'Effusion' is CheXpert's 'Pleural Effusion'
  const chex = chestModel('densenet121-res224-chex');
  const nih = chestModel('densenet121-res224-rsna');
  if (!chex || !nih) throw new Error('catalog');
  const p18 = Array.from({ length: 18 }, (_, k) => k / 20);
  it('puts the CheXpert tasks first, then every other trained output, none of the untrained', () => {
    const rows = findingRows(
      { outputs: chex.outputs.value, probabilities: p18 },
      {
        sorted: false,
        calibrated: false,
      },
    );
    expect(rows.slice(0, 5).map((r) => [r.task, r.p])).toEqual([
      ['Atelectasis', 0],
      ['Cardiomegaly', 10 / 20],
      ['Consolidation', 1 / 20],
      ['Edema', 4 / 20],
      ['Pleural Effusion', 7 / 20],
    ]);
    expect(rows.slice(5).map((r) => r.task)).toEqual([
      'Pneumothorax',
      'Pneumonia',
      'Lung Lesion',
      'Fracture',
      'Lung Opacity',
      'Enlarged Cardiomediastinum',
    ]);
  });
  it('shows a task the model lacks as not predicted (null), never 0, and sorts it last', () => {
    const rows = findingRows(
      { outputs: nih.outputs.value, probabilities: p18 },
      {
        sorted: true,
        calibrated: false,
      },
    );
    expect(rows.filter((r) => r.chexpert).every((r) => r.p === null)).toBe(true);
    expect(chexpertValues({ outputs: nih.outputs.value, probabilities: p18 }, false)).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
  });
  it('uses calibrated values where the model has an operating point, and says so', () => {
    const calibrated = p18.map((v, k) => (k === 2 ? null : 1 - v));
    const rows = findingRows(
      { outputs: chex.outputs.value, probabilities: p18, calibrated },
      { sorted: false, calibrated: true },
    );
    expect(rows[0]).toMatchObject({ task: 'Atelectasis', p: 1, calibrated: true });
  });
});

describe('the CSV export', () => {
  const chex = chestModel('densenet121-res224-chex');
  const rsna = chestModel('densenet121-res224-rsna');
  if (!chex || !rsna) throw new Error('catalog');
  const p18 = Array.from({ length: 18 }, (_, k) => k / 20);
  const edema = chex.outputs.value.indexOf('Edema');
  // chex: op_norm values, but no operating point for Edema here (null): its cell stays empty
  const chexCal = p18.map((v, k) => (k === edema ? null : 1 - v));
  const base = result('chest.png', [0.1, 0.2, 0.3, 0.4, 0.5]).predictions[0];
  if (!base) throw new Error('no prediction');
  const mixed: FilePrediction = {
    ...result('chest.png', [0.1, 0.2, 0.3, 0.4, 0.5]),
    predictions: [
      base,
      {
        ...base,
        modelId: 'chex',
        outputs: chex.outputs.value,
        probabilities: p18,
        calibrated: chexCal,
      },
      {
        ...base,
        modelId: 'rsna',
        outputs: rsna.outputs.value,
        probabilities: p18,
        calibrated: p18,
      },
    ],
  };
  const rows = (csv: string) => Papa.parse<Record<string, string>>(csv, { header: true }).data;
  const cells = (row: Record<string, string> | undefined, prefix: string) =>
    CHEXPERT_TASKS.map((t) => row?.[`${prefix}${t.toLowerCase().replace(/ /g, '_')}`]);

  it('adds a calibrated column set when a model has operating points, filled per model', () => {
    const csv = predictionsCsv([csvResultOf(mixed)]);
    const header = csv.split('\r\n')[0]?.split(',');
    expect(header).toEqual([
      ...PREDICTION_CSV_COLUMNS.slice(0, 8),
      ...CALIBRATED_CSV_COLUMNS,
      ...PREDICTION_CSV_COLUMNS.slice(8),
    ]);
    expect(CALIBRATED_CSV_COLUMNS[4]).toBe('calibrated_pleural_effusion');
    const [random, chexRow, rsnaRow] = rows(csv);
    expect(cells(random, 'p_')).toEqual([
      '0.100000',
      '0.200000',
      '0.300000',
      '0.400000',
      '0.500000',
    ]);
    expect(cells(random, 'calibrated_')).toEqual(['', '', '', '', '']);
    // TorchXRayVision's Effusion is Pleural Effusion; outputs 0, 10, 1, 4, 7 (see findingRows)
    expect(cells(chexRow, 'p_')).toEqual([
      '0.000000',
      '0.500000',
      '0.050000',
      '0.200000',
      '0.350000',
    ]);
    expect(cells(chexRow, 'calibrated_')).toEqual([
      '1.000000',
      '0.500000',
      '0.950000',
      '',
      '0.650000',
    ]);
    // RSNA predicts none of the five: not predicted is an empty cell, never 0
    expect(cells(rsnaRow, 'p_')).toEqual(['', '', '', '', '']);
    expect(cells(rsnaRow, 'calibrated_')).toEqual(['', '', '', '', '']);
  });

  it('keeps the five probability columns only when no model has operating points', () => {
    const csv = predictionsCsv([csvResultOf(result('a.png', [0.1, 0.2, 0.3, 0.4, 0.5]))]);
    expect(csv.split('\r\n')[0]).toBe(PREDICTION_CSV_COLUMNS.join(','));
  });

  it('copies no image, thumbnail or DICOM tag into what the CSV reads', () => {
    const withImage = { ...mixed, image: { identifyingTags: [{ value: 'Doe^Jane' }] } };
    const out = csvResultOf(withImage as unknown as FilePrediction);
    expect(Object.keys(out).sort()).toEqual(['name', 'ood', 'predictions', 'status']);
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

describe('queueLine', () => {
  it('counts finished files, skips cancelled ones, and is null when empty', () => {
    const m = ['m1'];
    expect(queueLine([item(1, 'done'), item(2, 'running'), item(3, 'queued')], m)?.text).toBe(
      'Processing file 2 of 3: f2',
    );
    expect(queueLine([item(1, 'error'), item(2, 'cancelled'), item(3, 'queued')], m)?.text).toBe(
      'Processing file 2 of 2',
    );
    expect(queueLine([item(1, 'done')], [])?.text).toBe('Done: 1 of 1 file processed');
    expect(queueLine([], m)).toBeNull();
  });

  it('waits, never fails, when files are queued and no model is selected', () => {
    const line = queueLine([item(1, 'queued'), item(2, 'queued')], []);
    expect(line?.kind).toBe('waiting');
    expect(line?.text).toMatch(/^Waiting for a model: 2 files queued/);
  });

  it('never says Done while a shown image lacks a selected model', () => {
    const withFile = (it: QueueItem): QueueItem => ({ ...it, file: new File([], it.name) });
    const items = [
      withFile(item(1, 'done', result('a.png', [0.1, 0.2, 0.3, 0.4, 0.5]))),
      item(2, 'done', result('b.png', [0.1, 0.2, 0.3, 0.4, 0.5])),
      item(3, 'error'),
    ];
    const line = queueLine(items, ['m1', 'm2']);
    expect(line?.kind).toBe('incomplete');
    expect(line?.text).toBe('2 images have no output from m2.');
    expect(missingRows(items, ['m1', 'm2'])).toEqual([{ modelId: 'm2', runnable: [1], total: 2 }]);
    expect(queueLine(items, ['m1'])?.kind).toBe('done');
  });
});

describe('mergeResult', () => {
  it("adds the new model's row to the earlier ones, in selection order", () => {
    const first = result('a.png', [0.1, 0.2, 0.3, 0.4, 0.5]);
    const base = first.predictions[0];
    if (base === undefined) throw new Error('fixture');
    const second = { ...first, predictions: [{ ...base, modelId: 'm0' }] };
    const merged = mergeResult(first, second, ['m0', 'm1']);
    expect(merged.predictions.map((p) => p.modelId)).toEqual(['m0', 'm1']);
    expect(mergeResult(undefined, second, ['m0']).predictions).toHaveLength(1);
    const failed = { ...second, status: 'error' as const };
    expect(mergeResult(first, failed, ['m0'])).toBe(failed);
  });
});

describe('timing text', () => {
  it('sums the stages and names each, in ms', () => {
    expect(fileTimingText({ decodeMs: 52.4, prepareMs: 7.25, modelsMs: 123.2 })).toBe(
      'Time on this device: 183 ms (decoding 52 ms · model inputs 7.3 ms · models 123 ms)',
    );
    expect(modelTimingText({ queued: false, forwardMs: 113.4, saliencyMs: 8, readMs: 1.94 })).toBe(
      'forward 113 ms · Grad-CAM 8.0 ms · reading back 1.9 ms',
    );
  });

  it('leaves out Grad-CAM when saliency was off, and says nothing without timing', () => {
    expect(modelTimingText({ queued: false, forwardMs: 20, saliencyMs: 0, readMs: 0.5 })).toBe(
      'forward 20 ms · reading back 0.5 ms',
    );
    expect(fileTimingText(undefined)).toBe('');
  });

  it('on a GPU gives the total, since the stages only queued the work', () => {
    expect(modelTimingText({ queued: true, forwardMs: 2.5, saliencyMs: 1, readMs: 140 })).toBe(
      'forward and Grad-CAM on the GPU 144 ms (queued in 3.5 ms, the rest waiting for the GPU)',
    );
    expect(modelTimingText(undefined)).toBe('');
  });
});
