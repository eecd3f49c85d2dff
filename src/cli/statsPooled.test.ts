/**
 * `chextransfer stats --group COL --json`: per-group Spearman ρ with n and the random-effects
 * pooled estimate, pinned to NumPy/SciPy (src/study/stats/fixtures/meta.json, written by
 * scripts/fixtures/meta_reference.py) to 1e-6.
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

describe('the command line and the evidence view agree', () => {
  it.each(['top1-vs-auc', 'params-vs-auc'] as const)(
    '%s: stats --group study on the view’s ImageNet-pretrained points gives its pooled ρ',
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
        .map((p) => ({ study: p.studyId, x: `${p.x}`, auc: `${p.raw}` }));
      const cli = computeStats(rows, {
        x: 'x',
        y: 'auc',
        group: 'study',
        logX: question === 'params-vs-auc',
      }) as GroupedStats;
      const view = chart.sections.find((s) => s.group === 'pretrained')?.meta;
      expect(cli.pooled.k).toBe(view?.k);
      expect(cli.pooled.rho).toBeCloseTo(view?.pooled?.rho ?? NaN, 12);
      expect(cli.pooled.ci?.[0]).toBeCloseTo(view?.pooled?.ci[0] ?? NaN, 12);
      expect(cli.pooled.excluded.map((e) => e.group)).toEqual(view?.excluded.map((e) => e.label));
    },
  );
});
