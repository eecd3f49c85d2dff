import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ImportOutcome } from './importResults.ts';
import {
  formatImportError,
  parseResultsFile,
  serializeStudy,
  studyToCsv,
} from './importResults.ts';
import { CHEXTRANSFER } from './studies/chextransfer.ts';
import { BLIZNASHKI_CHEXPERT } from './studies/bliznashkiChexpert.ts';

const GOOD_CSV = `arch,pretrained,units_removed,value,sd,Atelectasis,Edema,source,note
densenet121,yes,0,0.871,0.01,0.82,0.93,my runs table 2,seed 1
DenseNet-121,no,,0.842,,0.80,0.90,my runs table 2,
resnet18,1,2,0.85,,,,,
`;

function errorsOf(o: ImportOutcome): string[] {
  expect(o.ok).toBe(false);
  return o.ok ? [] : o.errors.map(formatImportError);
}

describe('parseResultsFile: CSV', () => {
  it('reads a good file with labels, defaults and arch labels', () => {
    const o = parseResultsFile(GOOD_CSV, 'runs.csv');
    expect(o.ok).toBe(true);
    if (!o.ok) return;
    const [a, b, c] = o.study.results;
    expect(o.study.kind).toBe('imported');
    expect(o.study.id).toMatch(/^imported-[0-9a-z]{11}$/);
    expect(a).toMatchObject({ arch: 'densenet121', pretrained: true, value: 0.871, sd: 0.01 });
    expect(a?.perLabel).toEqual({ Atelectasis: 0.82, Edema: 0.93 });
    expect(b).toMatchObject({ arch: 'densenet121', pretrained: false, unitsRemoved: 0, sd: null });
    expect(c).toMatchObject({
      arch: 'resnet18',
      unitsRemoved: 2,
      perLabel: null,
      source: 'runs.csv, row 4',
    });
    expect(o.study.labels).toEqual(['Atelectasis', 'Edema']);
    expect(o.warnings.join(' ')).toMatch(/No metric given/);
  });

  it('gives the same id for the same content and a different id otherwise', () => {
    const a = parseResultsFile(GOOD_CSV, 'a.csv');
    const b = parseResultsFile(GOOD_CSV, 'b.csv');
    const c = parseResultsFile(GOOD_CSV.replace('0.871', '0.872'), 'a.csv');
    expect(a.ok && b.ok && c.ok).toBe(true);
    if (!a.ok || !b.ok || !c.ok) return;
    expect(a.study.id).toBe(b.study.id);
    expect(c.study.id).not.toBe(a.study.id);
  });

  it('reads percentages only when every value is above 1, with a warning', () => {
    const o = parseResultsFile('arch,value,sd\nresnet50,87.5,1.2\nresnet18,85,\n', 'p.csv');
    expect(o.ok).toBe(true);
    if (!o.ok) return;
    expect(o.study.results.map((r) => r.value)).toEqual([0.875, 0.85]);
    expect(o.study.results[0]?.sd).toBeCloseTo(0.012, 12);
    expect(o.warnings.join(' ')).toMatch(/percentages/);
  });

  it('rejects mixed scales', () => {
    const errs = errorsOf(parseResultsFile('arch,value\nresnet50,87.5\nresnet18,0.85\n', 'm.csv'));
    expect(errs).toEqual([
      'row 2, column value: 87.5 is outside 0..1 on the 0..1 scale (or give every value as a percentage 50..100)',
    ]);
  });

  it('explains a non-number with row and column', () => {
    const errs = errorsOf(parseResultsFile('arch,value\nresnet50,0.8\nresnet18,abc\n', 'x.csv'));
    expect(errs).toEqual(["row 3, column value: 'abc' is not a number"]);
  });

  it('lists close matches for an unknown arch', () => {
    const errs = errorsOf(parseResultsFile('arch,value\nresnet5O,0.8\n', 'x.csv'));
    expect(errs[0]).toMatch(
      /^row 2, column arch: unknown architecture 'resnet5O'; did you mean resnet50/,
    );
  });

  it('reports every kind of bad cell at once', () => {
    const csv = 'arch,pretrained,units_removed,value,sd,input_size\n,maybe,-1,,x,3.5\n';
    const errs = errorsOf(parseResultsFile(csv, 'x.csv'));
    expect(errs).toEqual([
      'row 2, column arch: is required',
      "row 2, column pretrained: 'maybe' is not one of true/false/yes/no/1/0 (or blank)",
      'row 2, column value: is required',
      "row 2, column units_removed: '-1' must be at least 0",
      "row 2, column input_size: '3.5' is not a whole number",
      "row 2, column sd: 'x' is not a number",
    ]);
  });

  it('rejects an empty file, a header-only file and a file without a header', () => {
    expect(errorsOf(parseResultsFile('  \n', 'e.csv'))).toEqual(['the file is empty']);
    expect(errorsOf(parseResultsFile('arch,value\n', 'h.csv'))).toEqual([
      'the file has no result rows',
    ]);
    expect(errorsOf(parseResultsFile('resnet50,0.8\nresnet18,0.7\n', 'n.csv'))[0]).toMatch(
      /^row 1: no header row with the required columns 'arch' and 'value'/,
    );
  });

  it('rejects duplicated rows', () => {
    const errs = errorsOf(
      parseResultsFile('arch,pretrained,value\nresnet50,yes,0.8\nresnet50,true,0.81\n', 'd.csv'),
    );
    expect(errs).toEqual([
      'row 3: duplicates row 2 (same arch, pretrained, units_removed and input_size)',
    ]);
  });

  it('rejects rows with too many fields', () => {
    const errs = errorsOf(parseResultsFile('arch,value\nresnet50,0.8,extra\n', 't.csv'));
    expect(errs.join(' ')).toMatch(/row 2: Too many fields/);
  });
});

describe('templates', () => {
  const read = (name: string): string =>
    readFileSync(new URL(`../../public/templates/${name}`, import.meta.url), 'utf8');
  it.each(['results-template.csv', 'results-template.json'])(
    '%s example rows are refused as data',
    (name) => {
      const errs = errorsOf(parseResultsFile(read(name), name));
      expect(errs.length).toBeGreaterThan(0);
      expect(errs.every((e) => e.includes('example row from the template'))).toBe(true);
    },
  );
  it('the CSV template parses once its example source is replaced', () => {
    const text = read('results-template.csv').replaceAll(
      'example row: replace with your own',
      'my table',
    );
    expect(parseResultsFile(text, 't.csv').ok).toBe(true);
  });
});

describe('parseResultsFile: JSON', () => {
  it('reads { study, results } with study metadata and camelCase keys', () => {
    const doc = {
      study: {
        title: 'Mine',
        dataset: 'CheXpert',
        metric: { name: 'AUROC', averaging: 'mean5', key: 'auroc:chexpert-mean5' },
      },
      results: [
        {
          arch: 'mobilenetv2_100',
          pretrained: false,
          unitsRemoved: 1,
          value: 0.8,
          perLabel: { Edema: 0.9 },
          flags: ['mine'],
        },
      ],
    };
    const o = parseResultsFile(JSON.stringify(doc), 'r.json');
    expect(o.ok).toBe(true);
    if (!o.ok) return;
    expect(o.study.title).toBe('Mine');
    expect(o.study.results[0]).toMatchObject({
      unitsRemoved: 1,
      perLabel: { Edema: 0.9 },
      flags: ['imported', 'mine'],
    });
    expect(o.warnings).toEqual([]);
  });
  it('reads a bare array and reports bad JSON', () => {
    expect(parseResultsFile('[{"arch":"resnet50","value":0.8}]', 'a.json').ok).toBe(true);
    expect(errorsOf(parseResultsFile('{"results": 3}', 'b.json'))).toEqual([
      'JSON must be an array of results or an object with a "results" array',
    ]);
    expect(errorsOf(parseResultsFile('{"results": [', 'c.json'))[0]).toMatch(/^not valid JSON/);
    expect(errorsOf(parseResultsFile('[{"arch":"resnet50","value":"x"}]', 'd.json'))).toEqual([
      "row 1, column value: 'x' is not a number",
    ]);
  });
});

describe('export', () => {
  it.each(['json', 'csv'] as const)('a published study round-trips through %s', (kind) => {
    const text =
      kind === 'json' ? serializeStudy(BLIZNASHKI_CHEXPERT) : studyToCsv(BLIZNASHKI_CHEXPERT);
    const o = parseResultsFile(text, `x.${kind}`);
    expect(o.ok, o.ok ? '' : o.errors.map(formatImportError).join('\n')).toBe(true);
    if (!o.ok) return;
    const strip = (r: (typeof o.study.results)[number]) => ({
      ...r,
      flags: r.flags.filter((f) => f !== 'imported'),
    });
    expect(o.study.results.map(strip)).toEqual(BLIZNASHKI_CHEXPERT.results.map(strip));
    if (kind === 'json') expect(o.study.metric).toEqual(BLIZNASHKI_CHEXPERT.metric);
  });
  it('a study without results exports a header-only CSV', () => {
    expect(studyToCsv(CHEXTRANSFER).trim().split('\n')).toHaveLength(1);
  });
});
