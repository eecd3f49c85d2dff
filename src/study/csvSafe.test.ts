/**
 * Every CSV writer defuses formula cells with the one function (OWASP "CSV injection"): imported
 * `source`/`note` cells, run fields, task names and chart labels that start with =, +, -, @, tab
 * or CR reach a spreadsheet as text.
 */
import { describe, expect, it } from 'vitest';
import { predictionsCsv } from '../imaging/predictionsCsv.ts';
import { readCsvTable } from './csvTable.ts';
import { csvCell, defuseCell } from './csvSafe.ts';
import { parseResultsFile, studyToCsv } from './importResults.ts';
import { runsToCsv, type RunRecord } from './runs.ts';

const ATTACKS = [
  "=cmd|' /C calc'!A0",
  '=HYPERLINK("http://x","y")',
  '+1+1',
  '-2+3',
  '@SUM(A1)',
  '\tx',
  '\rx',
];

describe('defuseCell', () => {
  it.each(ATTACKS)('prefixes %j with an apostrophe', (cell) => {
    expect(defuseCell(cell)).toBe(`'${cell}`);
  });
  it('leaves other text alone and quotes per RFC 4180', () => {
    expect(defuseCell('DenseNet-121')).toBe('DenseNet-121');
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell('=1,2')).toBe('"\'=1,2"');
  });
});

/** Every cell of a CSV that a spreadsheet would evaluate. */
function liveFormulas(csv: string): string[] {
  const table = readCsvTable(csv);
  return [...table.header, ...table.rows.flatMap((r) => r.cells)].filter((c) =>
    /^[=+\-@\t\r]/.test(c),
  );
}

describe('every CSV writer', () => {
  it('studyToCsv defuses imported source, note and label names', () => {
    const csv = `arch,value,source,note,=HYPERLINK("x")\nresnet50,0.8,"=cmd|' /C calc'!A0",@SUM(A1),0.7\n`;
    const imported = parseResultsFile(csv, 'evil.csv');
    if (!imported.ok) throw new Error(imported.errors.map((e) => e.message).join('; '));
    const out = studyToCsv(imported.study);
    expect(liveFormulas(out)).toEqual([]);
    expect(out).toContain("'=cmd|' /C calc'!A0");
    expect(out).toContain("'@SUM(A1)");
  });

  it('runsToCsv defuses run fields and task names', () => {
    const run = {
      id: '=HYPERLINK("http://x")',
      finishedAt: '2026-01-01T00:00:00Z',
      arch: 'resnet18',
      pretrained: false,
      unitsRemoved: 0,
      inputSize: 64,
      params: 100,
      epochs: 1,
      batchSize: 4,
      learningRate: 0.001,
      policy: '@U-Ones',
      dataset: {
        kind: 'synthetic',
        label: "=cmd|' /C calc'!A0",
        trainImages: 4,
        validationImages: 2,
      },
      meanAuc: 0.5,
      perTaskAuc: { '+Edema': 0.5 },
      backend: '-cpu',
      durationMs: 5,
      stopped: false,
    } as unknown as RunRecord;
    const out = runsToCsv([run]);
    expect(liveFormulas(out)).toEqual([]);
    expect(out).toContain("'=HYPERLINK");
  });

  it('predictionsCsv defuses the file name (as it did)', () => {
    const out = predictionsCsv([{ name: '=1+1', status: 'ok', predictions: [] }]);
    expect(liveFormulas(out)).toEqual([]);
  });
});
