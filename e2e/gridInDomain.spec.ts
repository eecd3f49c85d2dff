/**
 * A grid's in-domain (chest-X-ray checkpoint) starts from the app's side: collected and imported,
 * they are "other pretraining" (no ImageNet top-1, never paired in the boost chart, their own
 * statistics row); and the chromium engine trains an in-domain task in the runner page from the
 * checkpoint's bytes, refusing one of another architecture before Chromium starts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RunRecord } from '../src/study/runs.ts';
import { rebuildBigFixture } from '../src/test/torchFixtures.ts';
import { expect, test } from './fixtures.ts';

const CLI = path.resolve(import.meta.dirname, '../bin/chextransfer.mjs');
const ARCHS = ['resnet18', 'densenet121'] as const;
const KINDS = ['random', 'imagenet', 'in-domain'] as const;

const SPEC = {
  name: 'e2e-chest',
  architectures: ARCHS,
  initialisations: [
    { kind: 'random' },
    { kind: 'imagenet' },
    { kind: 'in-domain', checkpoint: 'xrv/{arch}.pt' },
  ],
  seeds: [0, 1],
  inputSize: 64,
  epochs: 1,
  batchSize: 8,
  augment: false,
  dataset: { kind: 'synthetic', size: 16, validationSize: 16 },
};

/** Task `index` of SPEC (arch × kind × seed, seeds innermost), finished (values made up). */
function record(index: number): RunRecord {
  const arch = ARCHS[Math.floor(index / 6)] ?? 'resnet18';
  const kind = KINDS[Math.floor(index / 2) % 3] ?? 'random';
  const seed = index % 2;
  const auc = 0.6 + KINDS.indexOf(kind) * 0.08 + seed * 0.02;
  return {
    id: `e2e-chest#${index}`,
    finishedAt: '2026-01-02T03:04:05.000Z',
    arch,
    pretrained: kind === 'imagenet',
    ...(kind === 'in-domain' ? { initialisedFrom: `${arch}.pt` } : {}),
    unitsRemoved: 0,
    inputSize: 64,
    params: arch === 'resnet18' ? 11_179_077 : 6_958_981,
    epochs: 1,
    batchSize: 8,
    learningRate: kind === 'random' ? 1e-3 : 1e-4,
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
    grid: { name: 'e2e-chest', index, configKey: `${arch}|${kind}|k0` },
  };
}

test('collected in-domain starts import as other pretraining, beside random and ImageNet ones', async ({
  explorer,
  page,
}) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'chextransfer-e2e-chest-grid-'));
  try {
    mkdirSync(path.join(dir, 'tasks'));
    writeFileSync(path.join(dir, 'grid.json'), JSON.stringify(SPEC));
    for (let i = 0; i < 12; i++)
      writeFileSync(path.join(dir, 'tasks', `${i}.json`), JSON.stringify(record(i)));
    const printed = execFileSync(process.execPath, [CLI, 'collect', dir], { encoding: 'utf8' });
    expect(JSON.parse(printed)).toEqual({
      tasks: 12,
      done: 12,
      failed: 0,
      missing: 0,
      unreadable: 0,
    });
    await explorer.importFile(
      'runs.json',
      readFileSync(path.join(dir, 'runs.json'), 'utf8'),
      'application/json',
    );
    await expect(explorer.studySelect.locator('option:checked')).toHaveText(/Grid: e2e-chest/);
    // 6 configurations (2 architectures × 3 starts), seeds averaged
    await expect(explorer.points('params-vs-auc')).toHaveCount(6);
    // other pretraining has no ImageNet top-1, and the boost pairs ImageNet with random only
    await expect(explorer.points('top1-vs-auc')).toHaveCount(4);
    await expect(explorer.points('boost-vs-params')).toHaveCount(2);
    const n = (id: string) => page.getByTestId(id).locator('td').first();
    await expect(n('stat-logparams-vs-auc-other')).toHaveText('2');
    await expect(n('stat-logparams-vs-auc-random')).toHaveText('2');
    await expect(page.getByTestId('stat-top1-vs-auc-other')).toHaveCount(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the chromium engine trains an in-domain task from the checkpoint, and refuses another architecture with exit 3', async () => {
  test.setTimeout(300_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'chextransfer-e2e-chest-chromium-'));
  // a synthetic DenseNet-121 of TorchXRayVision's shape (1 channel, 18 outputs)
  writeFileSync(path.join(dir, 'chest.pt'), rebuildBigFixture('xrv_densenet121_state_zip').bytes);
  const spec = (arch: string): string => {
    const file = path.join(dir, `${arch}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        ...SPEC,
        name: 'micro-chest',
        architectures: [arch],
        initialisations: [{ kind: 'in-domain', checkpoint: 'chest.pt' }],
        depths: [{ keep: 1 }],
        seeds: [0],
        inputSize: 16,
        batchSize: 16,
        dataset: { kind: 'synthetic', size: 32, validationSize: 32 },
      }),
    );
    return file;
  };
  const run = (arch: string) =>
    spawnSync(
      process.execPath,
      [CLI, 'run', '--grid', spec(arch), '--index', '0', '--out', path.join(dir, arch)].concat([
        '--engine',
        'chromium',
        '--allow-software-gpu',
      ]),
      { encoding: 'utf8' },
    );
  try {
    const refused = run('resnet18');
    expect(refused.status).toBe(3);
    expect(refused.stderr).toMatch(/\[WRONG_ARCH\] Detail: the file holds a densenet121/);
    expect(refused.stderr).not.toMatch(/chromium:/); // refused before the browser started
    const done = run('densenet121');
    expect(done.status, done.stderr).toBe(0);
    const rec = JSON.parse(
      readFileSync(path.join(dir, 'densenet121', 'tasks', '0.json'), 'utf8'),
    ) as RunRecord;
    expect(rec).toMatchObject({ initialisedFrom: 'chest.pt', pretrained: false, epochs: 1 });
    expect(rec.backend).toMatch(/^(webgpu|webgl)$/);
    expect(rec.meanAuc).not.toBeNull();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
