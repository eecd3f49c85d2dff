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
import { MEDMNIST_CHEST } from './studies/medmnistChest.ts';
import { paperOf } from './papers.ts';

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
      'row 3: duplicates row 2 (same arch, pretrained, units_removed and input_size); give each replicate a different seed to average them',
    ]);
  });

  it('averages seed replicates of one configuration: mean, sample SD and n', () => {
    const csv =
      'arch,pretrained,units_removed,input_size,seed,value,Edema\n' +
      'resnet18,no,1,32,0,0.70,0.6\n' +
      'resnet18,no,1,32,1,0.80,0.8\n' +
      'resnet18,no,1,32,2,0.90,\n' +
      'resnet18,yes,1,32,0,0.85,0.9\n';
    const out = parseResultsFile(csv, 'grid.csv');
    if (!out.ok) throw new Error(out.errors.map((e) => e.message).join('; '));
    const [random, pretrained] = out.study.results;
    expect(out.study.results).toHaveLength(2);
    expect(random?.value).toBeCloseTo(0.8, 12);
    expect(random?.sd).toBeCloseTo(0.1, 12); // sqrt(((-.1)^2 + 0 + .1^2) / 2)
    expect(random?.n).toBe(3);
    expect(random?.perLabel).toEqual({ Edema: 0.7 }); // the mean of the seeds that give it
    expect(random?.flags).toContain('replicates');
    expect(random?.source).toMatch(/^mean of 3 seeds \(0, 1, 2\)/);
    expect(pretrained?.n).toBeUndefined();
    expect(pretrained?.sd).toBeNull();
    expect(out.warnings.join(' ')).toMatch(/1 configuration had several seeds/);
  });

  it('still refuses a seed given twice, a missing seed, and a seed on an averaged row', () => {
    const head = 'arch,pretrained,seed,n,value\n';
    expect(
      errorsOf(parseResultsFile(`${head}resnet18,no,1,,0.7\nresnet18,no,1,,0.8\n`, 'a.csv'))[0],
    ).toMatch(/^row 3: duplicates row 2/);
    expect(
      errorsOf(parseResultsFile(`${head}resnet18,no,1,,0.7\nresnet18,no,,,0.8\n`, 'b.csv'))[0],
    ).toMatch(/^row 3: duplicates row 2/);
    expect(errorsOf(parseResultsFile(`${head}resnet18,no,1,3,0.7\n`, 'c.csv'))).toEqual([
      'row 2, column seed: a row that already averages n > 1 replicates cannot have one seed',
    ]);
  });

  it('keeps n through an export and a re-import (what a link carries)', () => {
    const csv = 'arch,pretrained,seed,value\nresnet18,no,0,0.7\nresnet18,no,1,0.8\n';
    const first = parseResultsFile(csv, 'g.csv');
    if (!first.ok) throw new Error('import failed');
    const again = parseResultsFile(serializeStudy(first.study), 'g.json');
    if (!again.ok) throw new Error(again.errors.map((e) => e.message).join('; '));
    expect(again.study.results[0]).toMatchObject({ n: 2, value: first.study.results[0]?.value });
    expect(again.study.results[0]?.sd).toBeCloseTo(first.study.results[0]?.sd ?? NaN, 12);
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

describe('the optional paper column', () => {
  const csv = (papers: readonly string[]) =>
    `arch,pretrained,value,paper\n${['densenet121', 'resnet18', 'resnet50']
      .map((a, i) => `${a},yes,0.8${i},${papers[i] ?? ''}`)
      .join('\n')}\n`;

  it('a file without it is its own paper', () => {
    const o = parseResultsFile(csv([]), 'mine.csv');
    if (!o.ok) throw new Error('expected a study');
    expect(o.study.paper).toBeUndefined();
    expect(paperOf(o.study)).toEqual({ id: `study:${o.study.id}`, label: o.study.title });
  });

  it('names the paper of every row, and a library paper keeps its label', () => {
    const own = parseResultsFile(csv(['smith2024', 'smith2024', '']), 'a.csv');
    expect(own.ok && own.study.paper).toEqual({ id: 'smith2024', label: 'smith2024' });
    const known = parseResultsFile(csv(['doerrich2025-medmnistplus']), 'b.csv');
    expect(known.ok && known.study.paper).toEqual(MEDMNIST_CHEST.paper);
  });

  it('refuses a file that names two papers, saying where', () => {
    expect(errorsOf(parseResultsFile(csv(['a', 'a', 'b']), 'two.csv'))).toEqual([
      'row 4, column paper: this file names 2 papers (a, b); a results file is one study from one paper, so split it into one file per paper',
    ]);
  });

  it('reads study.paper in JSON, and survives an export and a re-import', () => {
    const json = JSON.stringify({
      study: { paper: 'jones2023' },
      results: [{ arch: 'resnet18', value: 0.8 }],
    });
    const o = parseResultsFile(json, 'j.json');
    expect(o.ok && o.study.paper).toEqual({ id: 'jones2023', label: 'jones2023' });
    for (const text of [studyToCsv(BLIZNASHKI_CHEXPERT), serializeStudy(BLIZNASHKI_CHEXPERT)]) {
      const again = parseResultsFile(text, 'export');
      expect(again.ok && again.study.paper).toEqual(BLIZNASHKI_CHEXPERT.paper);
    }
  });
});
