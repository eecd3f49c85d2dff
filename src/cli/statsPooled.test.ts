/**
 * `chextransfer stats --group COL [--paper COL] --json`: per-group Spearman ρ with n and the
 * random-effects pooled estimate across independent papers, pinned to NumPy/SciPy
 * (src/study/stats/fixtures/meta.json, written by scripts/fixtures/meta_reference.py) to 1e-6:
 * within-paper combination, DerSimonian–Laird τ², the HKSJ interval and the refusal below 3 papers.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fixture from '../study/stats/fixtures/meta.json';
import type { Io } from './command.ts';
import { main } from './main.ts';
import type { GroupedStats } from './stats.ts';
import { computeStats } from './stats.ts';
import { ARCHITECTURES } from '../study/architectures.ts';
import { evidenceChart } from '../study/evidence.ts';
import { PUBLISHED_STUDIES } from '../study/library.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'chextransfer-pooled-'));
const TOL = 1e-6;

async function runCli(c: (typeof fixture.cases)[number]): Promise<GroupedStats> {
  const file = path.join(dir, `${c.name.replace(/\W+/g, '_')}.csv`);
  writeFileSync(file, c.csv);
  let stdout = '';
  const io: Io = { out: (t) => void (stdout += t), err: (t) => void (stdout += t) };
  const args = ['stats', '--csv', file, '--x', c.x, '--y', c.y, '--group', c.group, '--json'];
  if (c.paper) args.push('--paper', c.paper);
  const code = await main([...args, ...(c.logX ? ['--log-x'] : []), '--resamples', '50'], io);
  expect(code).toBe(0);
  return JSON.parse(stdout) as GroupedStats;
}

const close = (actual: number | null | undefined, expected: number | null) => {
  if (expected === null) expect(actual ?? null).toBeNull();
  else expect(Math.abs((actual ?? NaN) - expected)).toBeLessThan(TOL);
};

describe.each(fixture.cases.map((c) => [c.name, c] as const))('stats --group: %s', (_n, c) => {
  it('per-group Spearman ρ and n match SciPy', async () => {
    const out = await runCli(c);
    expect(Object.keys(out.groups).sort()).toEqual(Object.keys(c.groups).sort());
    for (const [g, ref] of Object.entries(c.groups)) {
      expect(out.groups[g]?.n, g).toBe(ref.n);
      close(out.groups[g]?.spearman.rho, ref.rho);
    }
  });

  it('the pooled estimate matches NumPy to 1e-6', async () => {
    const { pooled } = await runCli(c);
    expect(pooled.k).toBe(c.pooled.k);
    expect(pooled.reason).toBe(c.pooled.reason);
    expect(pooled.papers.map((p) => [p.paper, p.groups])).toEqual(
      c.pooled.papers.map((p) => [p.paper, p.groups]),
    );
    c.pooled.papers.forEach((p, i) => {
      close(pooled.papers[i]?.z, p.z);
      close(pooled.papers[i]?.variance, p.variance);
    });
    close(pooled.rho, c.pooled.rho);
    close(pooled.ci?.[0], c.pooled.ci?.[0] ?? null);
    close(pooled.ci?.[1], c.pooled.ci?.[1] ?? null);
    close(pooled.tau2, c.pooled.tau2);
    close(pooled.i2, c.pooled.i2);
    close(pooled.q, c.pooled.q);
    close(pooled.se, c.pooled.se);
    expect(pooled.excluded.map((e) => [e.group, e.n])).toEqual(
      c.pooled.excluded.map((e) => [e.group, e.n]),
    );
  });
});

describe('papers on the command line', () => {
  it('refuses a group whose rows name two papers', async () => {
    const file = path.join(dir, 'two-papers.csv');
    writeFileSync(file, 'study,paper,x,y\na,p1,1,2\na,p2,2,3\nb,p1,3,1\n');
    let err = '';
    const io: Io = { out: () => undefined, err: (t) => void (err += t) };
    const args = ['stats', '--csv', file, '--x', 'x', '--y', 'y', '--group', 'study'];
    expect(await main([...args, '--paper', 'paper', '--json'], io)).toBe(2);
    expect(err).toContain("group 'a' has rows from 2 papers (p1, p2)");
  });

  it('refuses --paper without --group', async () => {
    const file = path.join(dir, 'no-group.csv');
    writeFileSync(file, 'paper,x,y\np1,1,2\n');
    let err = '';
    const io: Io = { out: () => undefined, err: (t) => void (err += t) };
    const args = ['stats', '--csv', file, '--x', 'x', '--y', 'y', '--paper', 'paper'];
    expect(await main(args, io)).toBe(2);
    expect(err).toContain('--paper needs --group');
  });
});

describe('the command line and the evidence view agree', () => {
  it.each(['top1-vs-auc', 'params-vs-auc'] as const)(
    '%s: stats --group study --paper paper on the view’s ImageNet-pretrained points gives its pooled row',
    (question) => {
      const chart = evidenceChart(question, {
        studies: PUBLISHED_STUDIES,
        archs: ARCHITECTURES,
        top1Set: 'paperEra',
        design: {},
        hiddenStudies: [],
      });
      const rows = chart.points
        .filter((p) => p.group === 'pretrained')
        .map((p) => ({ study: p.studyId, paper: p.paper.id, x: `${p.x}`, auc: `${p.raw}` }));
      const cli = computeStats(rows, {
        x: 'x',
        y: 'auc',
        group: 'study',
        paper: 'paper',
        logX: question === 'params-vs-auc',
      }) as GroupedStats;
      const view = chart.sections.find((s) => s.group === 'pretrained')?.meta;
      expect(cli.pooled.k).toBe(view?.k);
      expect(cli.pooled.reason).toBe(view?.reason);
      expect(cli.pooled.rho).toBe(view?.pooled?.rho ?? null);
      expect(cli.pooled.papers.map((p) => p.z)).toEqual(view?.papers.map((p) => p.z));
      expect(cli.pooled.excluded.map((e) => e.group)).toEqual(view?.excluded.map((e) => e.label));
    },
  );
});
