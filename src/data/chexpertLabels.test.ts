import { describe, expect, it } from 'vitest';
import { parseLabelCsv } from './chexpertLabels.ts';
import type { LabelRow } from './labelTypes.ts';
import { buildPathIndex } from './pathMatch.ts';
import { patientSplit, selectRows } from './split.ts';

const CHEXPERT_HEADER =
  'Path,Sex,Age,Frontal/Lateral,AP/PA,No Finding,Enlarged Cardiomediastinum,Cardiomegaly,' +
  'Lung Opacity,Lung Lesion,Edema,Consolidation,Pneumonia,Atelectasis,Pneumothorax,' +
  'Pleural Effusion,Pleural Other,Fracture,Support Devices';

/** A CheXpert row: task values given as Atelectasis, Cardiomegaly, Consolidation, Edema, Effusion. */
function chexRow(path: string, frontal: boolean, [at, ca, co, ed, ef]: string[]): string {
  // Column order: NoFinding, EnlCM, Cardiomegaly, LungOp, LungLes, Edema, Consol, Pneumonia,
  // Atelectasis, Pneumothorax, Effusion, PleuralOther, Fracture, SupportDevices.
  const view = frontal ? 'Frontal,AP' : 'Lateral,';
  return `${path},Female,68,${view},,,${ca},,,${ed},${co},,${at},,${ef},,,1.0`;
}

const P = 'CheXpert-v1.0-small/train';
const CSV = [
  CHEXPERT_HEADER,
  chexRow(`${P}/patient00001/study1/view1_frontal.jpg`, true, ['1.0', '0.0', '-1.0', '', '1.0']),
  chexRow(`${P}/patient00002/study1/view1_frontal.jpg`, true, ['-1.0', '-1.0', '', '1.0', '0.0']),
  chexRow(`${P}/patient00002/study1/view2_lateral.jpg`, false, ['', '', '', '', '-1']),
  '',
].join('\n');

describe('CheXpert labels', () => {
  it('applies each uncertainty policy to -1 and reads blank as negative', () => {
    const expected = {
      'U-Ones': [
        [1, 0, 1, 0, 1],
        [1, 1, 0, 1, 0],
        [0, 0, 0, 0, 1],
      ],
      'U-Zeros': [
        [1, 0, 0, 0, 1],
        [0, 0, 0, 1, 0],
        [0, 0, 0, 0, 0],
      ],
      ignore: [
        [1, 0, null, 0, 1],
        [null, null, 0, 1, 0],
        [0, 0, 0, 0, null],
      ],
    } as const;
    for (const policy of ['U-Ones', 'U-Zeros', 'ignore'] as const) {
      const r = parseLabelCsv(CSV, { policy });
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      expect(r.format).toBe('chexpert');
      expect(r.rows.map((row) => row.labels)).toEqual(expected[policy]);
      expect(r.uncertainCounts).toEqual([1, 1, 1, 0, 1]);
    }
  });

  it('reads patient, view and frontal flags', () => {
    const r = parseLabelCsv(CSV);
    if (!r.ok) throw new Error('parse failed');
    expect(r.rows.map((x) => [x.patientId, x.frontal, x.view, x.row])).toEqual([
      ['patient00001', true, 'AP', 2],
      ['patient00002', true, 'AP', 3],
      ['patient00002', false, 'LATERAL', 4],
    ]);
  });

  it('returns row-numbered errors for bad values, a missing Path column and an empty file', () => {
    const bad = CSV.replace('1.0,,,1.0\n', '2,,,1.0\n').replace(',-1.0,,', ',x,,');
    const r = parseLabelCsv(bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toContainEqual({
      row: 2,
      column: 'Pleural Effusion',
      message: 'value "2" is not 1, 0, -1 or blank',
    });
    expect(r.errors.some((e) => e.row === 2 && e.column === 'Consolidation')).toBe(true);
    const noPath = parseLabelCsv(CSV.replace('Path,', 'File,'));
    expect(noPath).toMatchObject({ ok: false, errors: [{ row: 1, column: 'Path' }] });
    expect(parseLabelCsv('  \n')).toMatchObject({
      ok: false,
      errors: [{ row: 1, message: 'The file is empty.' }],
    });
    expect(parseLabelCsv(CHEXPERT_HEADER + '\n')).toMatchObject({
      ok: false,
      errors: [{ row: 2 }],
    });
    expect(parseLabelCsv('a,b\n1,2')).toMatchObject({ ok: false, format: null });
  });
});

const NIH = [
  'Image Index,Finding Labels,Follow-up #,Patient ID,Patient Age,Patient Gender,View Position,OriginalImage[Width,Height],OriginalImagePixelSpacing[x,y],',
  '00000001_000.png,Cardiomegaly,0,1,58,M,PA,2682,2749,0.143,0.143,',
  '00000001_001.png,Cardiomegaly|Emphysema|Effusion,1,1,58,M,PA,2894,2729,0.143,0.143,',
  '00000003_000.png,No Finding,0,3,81,F,AP,2582,2991,0.143,0.143,',
  '00000004_000.png,Atelectasis|Consolidation|Edema,0,4,82,M,AP,2500,2048,0.168,0.168,',
].join('\n');

describe('NIH ChestX-ray14 labels', () => {
  it('maps the findings to the five tasks (Effusion → Pleural Effusion)', () => {
    const r = parseLabelCsv(NIH);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.format).toBe('nih');
    expect(r.rows.map((x) => x.labels)).toEqual([
      [0, 1, 0, 0, 0],
      [0, 1, 0, 0, 1],
      [0, 0, 0, 0, 0],
      [1, 0, 1, 1, 0],
    ]);
    expect(r.rows.map((x) => [x.patientId, x.view, x.frontal])[3]).toEqual(['4', 'AP', true]);
  });

  it('reports an unknown finding with its row', () => {
    const r = parseLabelCsv(NIH.replace('No Finding', 'Nothing'));
    expect(r).toMatchObject({
      ok: false,
      format: 'nih',
      errors: [{ row: 4, column: 'Finding Labels' }],
    });
  });
});

function rows(n: number, perPatient: number): LabelRow[] {
  return Array.from({ length: n }, (_, i) => ({
    path: `p/patient${Math.floor(i / perPatient)}/s/v${i}.jpg`,
    patientId: `patient${Math.floor(i / perPatient)}`,
    frontal: i % 3 !== 2,
    view: 'AP',
    labels: [0, 0, 0, 0, 0],
    row: i + 2,
  }));
}

describe('row selection and patient split', () => {
  it('splits by patient with no leakage, about the asked fraction, reproducibly', () => {
    const all = rows(600, 3);
    const a = patientSplit(all, 0.2, 7);
    const trainPatients = new Set(a.train.map((r) => r.patientId));
    expect(a.validation.some((r) => trainPatients.has(r.patientId))).toBe(false);
    expect(a.train.length + a.validation.length).toBe(600);
    expect(a.validation.length).toBeGreaterThanOrEqual(120);
    expect(a.validation.length).toBeLessThan(130);
    expect(patientSplit(all, 0.2, 7)).toEqual(a);
    expect(patientSplit(all, 0.2, 8).validation).not.toEqual(a.validation);
  });

  it('keeps frontal rows and a seeded subset', () => {
    const all = rows(30, 2);
    expect(selectRows(all, { frontalOnly: true }).every((r) => r.frontal)).toBe(true);
    const sub = selectRows(all, { subsetSize: 10, seed: 3 });
    expect(sub).toHaveLength(10);
    expect(selectRows(all, { subsetSize: 10, seed: 3 })).toEqual(sub);
    expect(selectRows(all, { subsetSize: 10, seed: 4 })).not.toEqual(sub);
  });
});

describe('path matching', () => {
  const files = [
    'MyCopy/train/patient00001/study1/view1_frontal.jpg',
    'MyCopy/train/patient00002/study1/view1_frontal.jpg',
    'images_001/images/00000001_000.png',
  ];
  const index = buildPathIndex(files);

  it('matches CheXpert paths whatever the top-level folder is called', () => {
    expect(index.find(`${P}/patient00001/study1/view1_frontal.jpg`)).toBe(files[0]);
    expect(index.find('MyCopy\\train\\patient00002\\study1\\view1_frontal.jpg')).toBe(files[1]);
  });

  it('never falls back to another patient with the same file name', () => {
    expect(index.find(`${P}/patient00003/study1/view1_frontal.jpg`)).toBeUndefined();
  });

  it('matches NIH bare names in any folder', () => {
    expect(index.find('00000001_000.png')).toBe(files[2]);
    expect(index.find('00000002_000.png')).toBeUndefined();
  });
});

describe('label files: hostile cells (issue 19)', () => {
  const HEADER =
    'Path,Sex,Age,Frontal/Lateral,AP/PA,No Finding,Enlarged Cardiomediastinum,Cardiomegaly,Lung Opacity,Lung Lesion,Edema,Consolidation,Pneumonia,Atelectasis,Pneumothorax,Pleural Effusion,Pleural Other,Fracture,Support Devices';
  const row = (p: number, cardio: string): string =>
    `CheXpert-v1.0-small/train/patient0000${p}/study1/view1_frontal.jpg,Female,68,Frontal,AP,,,${cardio},,,,,,,,,,,`;

  it('reports an unterminated quote with its row instead of reading on', () => {
    const broken = row(2, '0').replace(',Female,', ',"Female,');
    const parsed = parseLabelCsv([HEADER, row(1, '1.0'), broken, row(3, '1.0')].join('\n'));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[0]?.row).toBe(3);
  });

  it('reads a label 0x1 as an error, not as 1', () => {
    const parsed = parseLabelCsv([HEADER, row(1, '0x1')].join('\n'));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[0]).toMatchObject({ row: 2, column: 'Cardiomegaly' });
  });
});
