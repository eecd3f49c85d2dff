import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spearman } from '../study/stats/index.ts';
import { main } from './main.ts';
import { captureIo } from './testing/captureIo.ts';
import type { GroupedStats, StatsSummary } from './stats.ts';
import { computeStats } from './stats.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'chextransfer-stats-'));
const CSV = path.join(dir, 'models.csv');
writeFileSync(
  CSV,
  'arch,params,auc,family\nA,1000,0.80,x\nB,10000,0.82,x\nC,100000,0.85,y\nD,1000000,0.84,y\nE,n/a,0.9,y\nF,0,0.81,x\n',
);

describe('computeStats', () => {
  const rows = [
    { x: '1', y: '2', g: 'a' },
    { x: '2', y: '1', g: 'a' },
    { x: '3', y: '4', g: 'b' },
    { x: '4', y: '3', g: 'b' },
    { x: '5', y: '6', g: 'a' },
    { x: 'oops', y: '7', g: 'b' },
  ];
  it('skips non-numeric rows and uses the shared stats code', () => {
    const s = computeStats(rows, { x: 'x', y: 'y' }) as StatsSummary;
    expect(s.n).toBe(5);
    expect(s.skipped).toBe(1);
    const ref = spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 6]);
    expect(s.spearman).toEqual({ rho: ref.value, p: ref.p, method: 'exact' });
    expect(s.bootstrap.seed).toBe(1);
  });
  it('gives one summary per group, all rows, and the pooled estimate', () => {
    const s = computeStats(rows, { x: 'x', y: 'y', group: 'g' }) as GroupedStats;
    expect(Object.keys(s.groups).sort()).toEqual(['a', 'b']);
    expect(s.groups.a?.n).toBe(3);
    expect(s.groups.b?.skipped).toBe(1);
    expect(s.all.n).toBe(5);
    // Both groups have n < 4: nothing pools, and both are listed with the reason.
    expect(s.pooled).toMatchObject({ rho: null, ci: null, k: 0 });
    expect(s.pooled.excluded.map((e) => [e.group, e.n])).toEqual([
      ['a', 3],
      ['b', 2],
    ]);
  });
});

describe('main', () => {
  it('prints JSON with --log-x, skipping x <= 0', async () => {
    const io = captureIo();
    const code = await main(
      [
        'stats',
        '--csv',
        CSV,
        '--x',
        'params',
        '--y',
        'auc',
        '--log-x',
        '--resamples',
        '200',
        '--seed',
        '5',
      ],
      io,
    );
    expect(code).toBe(0);
    const out = JSON.parse(io.stdout) as StatsSummary;
    expect(out.n).toBe(4);
    expect(out.skipped).toBe(2);
    expect(out.fit.slope).toBeCloseTo(0.015, 12); // log10 params 3..6 vs 0.80, 0.82, 0.85, 0.84
    // n = 4: a few resamples draw one point only (rho undefined) and are dropped, so <= 200 are used.
    expect(out.bootstrap.seed).toBe(5);
    expect(out.bootstrap.resamples).toBeLessThanOrEqual(200);
    expect(out.bootstrap.resamples).toBeGreaterThan(150);
  });
  it('exits 2 listing the columns when a column is missing', async () => {
    const io = captureIo();
    expect(await main(['stats', '--csv', CSV, '--x', 'nope', '--y', 'auc'], io)).toBe(2);
    expect(io.stderr).toContain("no column 'nope'");
    expect(io.stderr).toContain('available: arch, params, auc, family');
  });
  it('exits 2 for a missing file, a bad flag and an unknown or missing command', async () => {
    for (const argv of [
      ['stats', '--csv', path.join(dir, 'missing.csv'), '--x', 'a', '--y', 'b'],
      ['stats', '--bogus'],
      ['stats', '--csv', CSV, '--x', 'params', '--y', 'auc', '--seed', '-1'],
      ['nope'],
      [],
    ]) {
      const io = captureIo();
      expect(await main(argv, io), argv.join(' ')).toBe(2);
      expect(io.stderr.length).toBeGreaterThan(0);
    }
    const io = captureIo();
    await main([], io);
    expect(io.stderr).toMatch(/commands:\n {2}stats/);
  });
});

describe('bin/chextransfer.mjs', () => {
  it('runs the real launcher', () => {
    const bin = path.resolve(import.meta.dirname, '../../bin/chextransfer.mjs');
    const r = spawnSync(
      process.execPath,
      [bin, 'stats', '--csv', CSV, '--x', 'params', '--y', 'auc', '--resamples', '100'],
      {
        encoding: 'utf8',
      },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as StatsSummary).n).toBe(5);
  });
});
