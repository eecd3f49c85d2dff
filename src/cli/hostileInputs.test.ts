/**
 * Hostile images, tables, grid specs and task folders through the real command line, each in a
 * child process whose peak resident set is measured (src/test/peakRss.ts): the documented exit
 * code, one line with the code, and a stated memory budget. Every file is built here from a small
 * recipe (src/imaging/testing/bombs.ts); nothing hostile is committed.
 *
 * Budget: BUDGET_MB more than the same command refusing (or doing) something trivial. Before these
 * limits the bombs took 1.2 to 4 GB, the deep spec overflowed the stack (exit 1), 10⁹ tasks went
 * past 4 GB, and `collect` exited 1 on a malformed task file.
 */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TINY_GRID } from '../grid/examples.ts';
import { ARCH_IDS } from '../zoo/catalog.ts';
import { ihdr, pngChunk, pngFile, zeroBomb } from '../imaging/testing/bombs.ts';
import {
  dicomFile,
  explicitLittleEndian,
  imagePixelElements,
  u32le,
} from '../imaging/testing/dicomWriter.ts';
import { runCliMeasured, type MeasuredRun } from '../test/peakRss.ts';

const BUDGET_MB = 64;
const dir = mkdtempSync(path.join(tmpdir(), 'hostile-inputs-'));
const put = (name: string, bytes: Uint8Array | string): string => {
  const p = path.join(dir, name);
  writeFileSync(p, bytes);
  return p;
};
const mb = (bytes: number): number => bytes / 2 ** 20;
const WEIGHTS = put('w.safetensors', 'never read: the image is refused first');

function oneLine(run: MeasuredRun): string {
  const lines = run.stderr.split('\n').filter((l) => l !== '');
  expect(lines, run.stderr).toHaveLength(1);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  return lines[0] ?? '';
}

function withinBudget(run: MeasuredRun, baseline: MeasuredRun, budgetMb = BUDGET_MB): void {
  const over = mb(run.peak - baseline.peak);
  expect(over, `peak ${mb(run.peak)} MB vs ${mb(baseline.peak)} MB`).toBeLessThan(budgetMb);
}

describe(`hostile images are refused (exit 2) within ${BUDGET_MB} MB`, () => {
  let baseline: MeasuredRun;
  beforeAll(() => {
    const notImage = put('x.png', 'plain text, not an image');
    baseline = runCliMeasured(['predict', '--arch', 'resnet18', '--weights', WEIGHTS, notImage]);
    expect(baseline.status, baseline.stderr).toBe(2);
  }, 120_000);

  const image = (name: string, bytes: Uint8Array, code: string): string => {
    const run = runCliMeasured([
      'predict',
      '--arch',
      'resnet18',
      '--weights',
      WEIGHTS,
      put(name, bytes),
    ]);
    expect(run.status, run.stderr).toBe(2);
    const line = oneLine(run);
    expect(line).toContain(` [${code}]`);
    withinBudget(run, baseline);
    return line;
  };

  it('a 1 × 1 PNG header followed by a 20,000 × 20,000 one', () => {
    const idat = pngChunk('IDAT', zeroBomb({ zeros: 2, format: 'zlib' }));
    expect(
      image('ihdr2.png', pngFile([ihdr(1, 1), ihdr(20_000, 20_000), idat]), 'corrupt'),
    ).toMatch(/This PNG file has 2 image headers/);
  }, 60_000);

  it('a 16 × 16 PNG whose image data inflates to 1.2 GB', () => {
    const bytes = pngFile([
      ihdr(16, 16),
      pngChunk('IDAT', zeroBomb({ zeros: 1.2e9, format: 'zlib' })),
    ]);
    image('idat.png', bytes, 'decompression-bomb');
  }, 60_000);

  it('an iCCP chunk inflating to 1 GB', () => {
    const profile = new Uint8Array([
      ...new TextEncoder().encode('icc\0\0'),
      ...zeroBomb({ zeros: 1e9, format: 'zlib' }),
    ]);
    const idat = pngChunk('IDAT', zeroBomb({ zeros: 16 * 17 - 1, format: 'zlib' }));
    image(
      'iccp.png',
      pngFile([ihdr(16, 16), pngChunk('iCCP', profile), idat]),
      'decompression-bomb',
    );
  }, 60_000);

  it('a deflated DICOM of 1.5 × 10⁹ zero pixel bytes behind a 100 × 100 header', () => {
    const header = explicitLittleEndian(
      imagePixelElements({ rows: 100, columns: 100, bitsAllocated: 16, bitsStored: 12 }),
    );
    const pixel = Uint8Array.of(0xe0, 0x7f, 0x10, 0x00, 0x4f, 0x57, 0, 0, ...u32le(1_500_000_000));
    const prefix = new Uint8Array([...header, ...pixel]);
    const bytes = dicomFile(
      '1.2.840.10008.1.2.1.99',
      zeroBomb({ prefix, zeros: 1.5e9, format: 'raw' }),
    );
    image('deflate.dcm', bytes, 'decompression-bomb');
  }, 60_000);
});

describe('stats: tables of any size and shape', () => {
  let baseline: MeasuredRun;
  beforeAll(() => {
    baseline = runCliMeasured([
      'stats',
      '--csv',
      put('small.csv', 'a,b\n1,2\n2,1\n3,4\n'),
      '--x',
      'a',
      '--y',
      'b',
    ]);
    expect(baseline.status, baseline.stderr).toBe(0);
  }, 120_000);

  it('20,000 rows in two groups: done, within budget', () => {
    const lines = ['g,x,y'];
    for (let i = 0; i < 20_000; i++)
      lines.push(`${i % 2 ? 'a' : '__proto__'},${i % 977},${(i * 7919) % 1009}`);
    const run = runCliMeasured([
      'stats',
      '--csv',
      put('big.csv', lines.join('\n')),
      '--x',
      'x',
      '--y',
      'y',
      '--group',
      'g',
    ]);
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as {
      groups: Record<string, { n: number }>;
      all: { n: number; bootstrap: { drawn: number } };
    };
    expect(Object.keys(out.groups).sort()).toEqual(['__proto__', 'a']);
    expect(out.groups['__proto__']?.n).toBe(10_000);
    expect(out.all).toMatchObject({ n: 20_000, bootstrap: { drawn: 2000 } });
    withinBudget(run, baseline, 128);
  }, 120_000);

  it('an unterminated quote is refused with its row (exit 2), not read as 1 of 7 rows', () => {
    const csv = 'x,y,note\n1,2,a\n2,1,"open\n3,4,c\n4,3,d\n5,6,e\n6,5,f\n7,8,g\n';
    const run = runCliMeasured(['stats', '--csv', put('quote.csv', csv), '--x', 'x', '--y', 'y']);
    expect(run.status, run.stderr).toBe(2);
    expect(oneLine(run)).toMatch(
      /^chextransfer stats: quote\.csv could not be read: 1 problem was found, so nothing was used\. Fix it \(listed row by row\) and try again\. \[import-refused\] Detail: row 3: a quoted cell is never closed/,
    );
  }, 60_000);

  it('0x10 is not 16: the row is skipped', () => {
    const run = runCliMeasured([
      'stats',
      '--csv',
      put('hex.csv', 'x,y\n1,2\n2,1\n3,4\n0x10,5\n'),
      '--x',
      'x',
      '--y',
      'y',
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ n: 3, skipped: 1 });
  }, 60_000);

  it('a device given as the CSV is refused before reading (exit 2)', () => {
    const run = runCliMeasured(['stats', '--csv', '/dev/zero', '--x', 'x', '--y', 'y']);
    expect(run.status, run.stderr).toBe(2);
    expect(oneLine(run)).toContain('[NOT_A_FILE]');
  }, 60_000);
});

/** A valid spec with `seeds` and optionally another name. */
const spec = (over: Record<string, unknown>): string => JSON.stringify({ ...TINY_GRID, ...over });

describe('grid specs', () => {
  let baseline: MeasuredRun;
  beforeAll(() => {
    baseline = runCliMeasured(['grid', 'check', put('tiny.json', spec({}))]);
    expect(baseline.status, baseline.stderr).toBe(0);
  }, 120_000);

  it('100,000 seeds are checked (duplicates by hashing)', () => {
    const seeds = Array.from({ length: 100_000 }, (_, i) => i);
    const run = runCliMeasured([
      'grid',
      'check',
      put('seeds.json', spec({ architectures: ['resnet18'], depths: ['full'], seeds })),
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/valid, 100000 tasks/);
    withinBudget(run, baseline, 256);
  }, 120_000);

  it('a name of 100,000 nested arrays gets a coded refusal, not a stack overflow', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const text = spec({ name: 'PLACEHOLDER' }).replace('"PLACEHOLDER"', deep);
    const run = runCliMeasured(['grid', 'check', put('deep.json', text)]);
    expect(run.status, run.stderr).toBe(2);
    expect(oneLine(run)).toContain('[GRID_SPEC_TOO_DEEP]');
    withinBudget(run, baseline);
  }, 60_000);

  it('10⁹ tasks are counted, not built: plan refuses at once', () => {
    // 16 architectures × every depth that fits them (497) × 3 initialisations × 670,700 seeds.
    const seeds = Array.from({ length: 670_700 }, (_, i) => i);
    const depths = Array.from({ length: 1000 }, (_, i) => ({ keep: i + 1 }));
    const kinds = [
      { kind: 'random' },
      { kind: 'imagenet' },
      { kind: 'in-domain', checkpoint: 'x.pt' },
    ];
    const text = spec({
      seeds,
      depths,
      architectures: [...ARCH_IDS],
      initialisations: kinds,
      inputSize: 224,
    });
    const run = runCliMeasured(['grid', 'plan', put('huge.json', text)]);
    expect(run.status, run.stderr).toBe(2);
    expect(oneLine(run)).toMatch(
      /\[GRID_TOO_MANY_TASKS\] Detail: the grid has 1,000,013,700 tasks .* more than the 100,000 a grid may have/,
    );
    withinBudget(run, baseline, 128);
  }, 60_000);
});

describe('collect on a folder with bad task files', () => {
  const record = (index: number, seed: number) => ({
    id: `tiny#${index}`,
    finishedAt: '2026-01-02T03:04:05.000Z',
    arch: 'resnet18',
    pretrained: false,
    unitsRemoved: 7,
    inputSize: 32,
    params: 83845,
    epochs: 3,
    batchSize: 32,
    learningRate: 0.01,
    policy: 'U-Ones',
    dataset: {
      kind: 'synthetic',
      label: 'synthetic phantoms',
      trainImages: 96,
      validationImages: 64,
    },
    meanAuc: 0.6,
    perTaskAuc: { Edema: 0.6 },
    history: [],
    backend: 'cpu',
    durationMs: 1000,
    stopped: false,
    seed,
    grid: { name: 'five', index, configKey: 'resnet18|random|k7' },
  });

  it('reports each in its summary, writes runs.json for the good one, exits 0', () => {
    const out = path.join(dir, 'grid-out');
    const tasks = path.join(out, 'tasks');
    mkdirSync(tasks, { recursive: true });
    const five = spec({
      name: 'five',
      architectures: ['resnet18'],
      depths: [{ remove: 7 }],
      seeds: [0, 1, 2, 3, 4],
    });
    writeFileSync(path.join(out, 'grid.json'), five);
    writeFileSync(path.join(tasks, '0.json'), JSON.stringify(record(0, 0)));
    writeFileSync(path.join(tasks, '1.json'), '{"id": "tiny#1", "arch": ');
    writeFileSync(path.join(tasks, '2.error.json'), 'null');
    mkdirSync(path.join(tasks, '3.json'));
    symlinkSync('/dev/zero', path.join(tasks, '4.json'));
    const run = runCliMeasured(['collect', out, '--json']);
    expect(run.status, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { failures: { index: number; message: string }[] };
    expect(summary).toMatchObject({ tasks: 5, done: 1, failed: 4, missing: 0, unreadable: 4 });
    const messages = summary.failures.map((f) => `${f.index}: ${f.message}`);
    expect(messages[0]).toMatch(/^1: its file could not be read: .*1\.json is not valid JSON/);
    expect(messages[1]).toMatch(
      /^2: its file could not be read: .*2\.error\.json holds no message \(found null\)/,
    );
    expect(messages[2]).toMatch(/^3: its file could not be read: .*it is a folder.*\[NOT_A_FILE\]/);
    expect(messages[3]).toMatch(/^4: its file could not be read: .*it is a device.*\[NOT_A_FILE\]/);
    const runs = JSON.parse(readFileSync(path.join(out, 'runs.json'), 'utf8')) as {
      results: unknown[];
    };
    expect(runs.results).toHaveLength(1);
  }, 60_000);
});
