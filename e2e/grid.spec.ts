/**
 * The grid runner from the app's side: a runs.json written by `chextransfer collect` imports as
 * the study "Grid: NAME" whose configurations (seeds averaged) are points with error bars on the
 * charts; and the chromium engine trains a task in the built runner page, refusing the software
 * GPU unless told otherwise.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RunRecord } from '../src/study/runs.ts';
import { expect, test } from './fixtures.ts';

const CLI = path.resolve(import.meta.dirname, '../bin/chextransfer.mjs');

const SPEC = {
  name: 'e2e',
  architectures: ['resnet18', 'densenet121'],
  initialisations: [{ kind: 'random' }, { kind: 'imagenet' }],
  seeds: [0, 1],
  inputSize: 64,
  epochs: 1,
  batchSize: 8,
  augment: false,
  dataset: { kind: 'synthetic', size: 16, validationSize: 16 },
};

/** A finished task's record, as `chextransfer run` writes it (values made up for the test). */
function record(index: number): RunRecord {
  const arch = index < 4 ? 'resnet18' : 'densenet121';
  const pretrained = index % 4 >= 2;
  const seed = index % 2;
  const auc = 0.6 + (pretrained ? 0.1 : 0) + (arch === 'resnet18' ? 0.05 : 0) + seed * 0.02;
  return {
    id: `e2e#${index}`,
    finishedAt: '2026-01-02T03:04:05.000Z',
    arch,
    pretrained,
    unitsRemoved: 0,
    inputSize: 64,
    params: arch === 'resnet18' ? 11_179_077 : 6_958_981,
    epochs: 1,
    batchSize: 8,
    learningRate: pretrained ? 1e-4 : 1e-3,
    policy: 'U-Ones',
    dataset: {
      kind: 'synthetic',
      label: 'synthetic phantoms (n=16)',
      trainImages: 16,
      validationImages: 16,
    },
    meanAuc: auc,
    perTaskAuc: { Edema: auc },
    history: [{ epoch: 1, trainLoss: 0.6, validationLoss: 0.6, meanAuc: auc }],
    backend: 'cpu',
    durationMs: 1000,
    stopped: false,
    seed,
    grid: { name: 'e2e', index, configKey: `${arch}|${pretrained ? 'imagenet' : 'random'}|k0` },
  };
}

test('a collected runs.json imports as "Grid: e2e": one point with an error bar per configuration', async ({
  explorer,
}) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'chextransfer-e2e-grid-'));
  try {
    mkdirSync(path.join(dir, 'tasks'));
    writeFileSync(path.join(dir, 'grid.json'), JSON.stringify(SPEC));
    for (let i = 0; i < 8; i++)
      writeFileSync(path.join(dir, 'tasks', `${i}.json`), JSON.stringify(record(i)));
    const printed = execFileSync(process.execPath, [CLI, 'collect', dir], { encoding: 'utf8' });
    expect(JSON.parse(printed)).toEqual({
      tasks: 8,
      done: 8,
      failed: 0,
      missing: 0,
      unreadable: 0,
    });
    const runs = readFileSync(path.join(dir, 'runs.json'), 'utf8');
    await explorer.importFile('runs.json', runs, 'application/json');
    await expect(explorer.studySelect.locator('option:checked')).toHaveText(/Grid: e2e/);
    // 8 tasks = 4 configurations × 2 seeds: one point each, with a ±1 SD bar from the seeds.
    await expect(explorer.points('top1-vs-auc')).toHaveCount(4);
    await expect(explorer.points('params-vs-auc')).toHaveCount(4);
    await expect(
      explorer.page.getByTestId('plot-top1-vs-auc').locator('.recharts-errorBar'),
    ).toHaveCount(4);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the chromium engine refuses a software GPU, and with --allow-software-gpu trains in the runner page', async () => {
  test.setTimeout(600_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'chextransfer-e2e-chromium-'));
  const spec = path.join(dir, 'micro.json');
  writeFileSync(
    spec,
    JSON.stringify({
      ...SPEC,
      name: 'micro',
      architectures: ['resnet18'],
      initialisations: [{ kind: 'random' }],
      depths: [{ keep: 1 }],
      seeds: [0],
      inputSize: 16,
      batchSize: 16,
      dataset: { kind: 'synthetic', size: 32, validationSize: 32 },
    }),
  );
  const run = (...extra: string[]) =>
    spawnSync(
      process.execPath,
      [CLI, 'run', '--grid', spec, '--index', '0', '--out', dir, '--engine', 'chromium', ...extra],
      { encoding: 'utf8' },
    );
  try {
    const refused = run();
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/software one .*pass --allow-software-gpu/);
    const done = run('--allow-software-gpu');
    expect(done.status, done.stderr).toBe(0);
    const rec = JSON.parse(readFileSync(path.join(dir, 'tasks', '0.json'), 'utf8')) as RunRecord;
    expect(rec.backend).toMatch(/^(webgpu|webgl)$/);
    expect(rec.epochs).toBe(1);
    expect(rec.meanAuc).not.toBeNull();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
