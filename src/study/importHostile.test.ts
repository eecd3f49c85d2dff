/**
 * Hostile and odd results files (issue 19): numbers are decimal only, a CSV parse error is
 * reported with its row instead of silently folding rows away, any column or key name is a plain
 * name (`__proto__` included), and a long or large file stays linear.
 */
import { describe, expect, it } from 'vitest';
import { readCsvTable } from './csvTable.ts';
import { parseDecimal } from './decimal.ts';
import type { ImportOutcome } from './importResults.ts';
import { formatImportError, importRefusal, parseResultsFile } from './importResults.ts';

function errorsOf(o: ImportOutcome): string[] {
  expect(o.ok).toBe(false);
  return o.ok ? [] : o.errors.map(formatImportError);
}

describe('numbers are decimal literals', () => {
  it.each([
    '0x10',
    '0b1',
    '0o7',
    'Infinity',
    '-Infinity',
    'NaN',
    '1_000',
    '1e999',
    '',
    '.',
    'e5',
    '1,5',
  ])('refuses %j', (text) => expect(parseDecimal(text)).toBeNaN());
  it.each([
    ['16', 16],
    ['-0.5', -0.5],
    ['+3', 3],
    ['.25', 0.25],
    ['5.', 5],
    ['1e-3', 0.001],
    ['2.5E+2', 250],
  ])('reads %j', (text, value) => expect(parseDecimal(text)).toBe(value));

  it('a results cell 0x10 is an error naming it, not the number 16', () => {
    const errs = errorsOf(parseResultsFile('arch,value,n\nresnet50,0.8,0x10\n', 'h.csv'));
    expect(errs).toEqual([
      "row 2, column n: '0x10' is not a decimal number (write plain digits, e.g. 16 or 0.81)",
    ]);
  });
});

describe('CSV parse errors are reported with their rows', () => {
  const SEVEN = [
    'arch,value,note',
    'resnet18,0.81,a',
    'resnet34,0.82,"unterminated',
    'resnet50,0.83,c',
    'densenet121,0.84,d',
    'densenet169,0.85,e',
    'densenet201,0.86,f',
    'mobilenetv2_100,0.87,g',
  ].join('\n');

  it('an unterminated quote fails the import at its row instead of giving 1 of 7 rows', () => {
    const errs = errorsOf(parseResultsFile(SEVEN, 'q.csv'));
    expect(errs[0]).toMatch(/^row 3: a quoted cell is never closed/);
  });

  it('the table reader keeps the row of the problem', () => {
    const table = readCsvTable(SEVEN);
    expect(table.errors).toEqual([
      { row: 3, message: expect.stringMatching(/^a quoted cell is never closed/) as unknown },
    ]);
  });

  it('the refusal the panel and `stats` show: one sentence, rows in the detail', () => {
    const r = importRefusal('q.csv', [
      { row: 3, column: null, message: 'a quoted cell is never closed' },
    ]);
    expect(r.sentence).toBe(
      'q.csv could not be read: 1 problem was found, so nothing was used. Fix it (listed row by row) and try again.',
    );
    expect(r.detail).toBe('row 3: a quoted cell is never closed');
    expect(r.kind).toBe('bad-input');
  });
});

describe('any name is a plain name', () => {
  it('keeps a per-label column named __proto__ (CSV) and a JSON key named __proto__', () => {
    const csv = parseResultsFile('arch,value,__proto__\nresnet50,0.8,0.7\n', 'p.csv');
    expect(csv.ok).toBe(true);
    if (csv.ok)
      expect(Object.entries(csv.study.results[0]?.perLabel ?? {})).toEqual([['__proto__', 0.7]]);
    const json = parseResultsFile(
      '[{"arch":"resnet50","value":0.8,"perLabel":{"__proto__":0.6}}]',
      'p.json',
    );
    expect(json.ok).toBe(true);
    if (json.ok)
      expect(Object.entries(json.study.results[0]?.perLabel ?? {})).toEqual([['__proto__', 0.6]]);
  });
});

describe('size', () => {
  it('imports 20,000 seed replicates of one configuration (linear grouping)', () => {
    const lines = ['arch,pretrained,seed,value'];
    for (let i = 0; i < 20_000; i++)
      lines.push(`resnet18,no,${i},${(0.7 + (i % 100) / 1000).toFixed(3)}`);
    const o = parseResultsFile(lines.join('\n'), 'big.csv');
    expect(o.ok).toBe(true);
    if (o.ok) expect(o.study.results[0]?.n).toBe(20_000);
  });

  it('a 1 MB architecture cell is quoted short and not compared letter by letter', () => {
    const errs = errorsOf(parseResultsFile(`arch,value\n${'x'.repeat(1_000_000)},0.8\n`, 'l.csv'));
    expect(errs[0]).toBe(`row 2, column arch: unknown architecture '${'x'.repeat(64)}…'`);
  });
});

describe('deep JSON', () => {
  it('a cell of 100,000 nested arrays is refused before anything recurses', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const errs = errorsOf(parseResultsFile(`[{"arch":${deep},"value":0.8}]`, 'd.json'));
    expect(errs).toEqual([
      'the JSON nests arrays or objects more than 32 levels deep; a results file needs at most 6',
    ]);
  });
});
