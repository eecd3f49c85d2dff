import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TINY_GRID } from '../grid/examples.ts';
import { parseResultsFile } from '../study/importResults.ts';
import { parseRun } from '../study/runs.ts';
import { main } from './main.ts';
import { captureIo } from './testing/captureIo.ts';

const work = mkdtempSync(path.join(tmpdir(), 'chextransfer-cli-grid-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** One task, seconds on tfjs-cpu: the first unit of ResNet18 at 16 px, 2 epochs of 16 phantoms. */
const MICRO = {
  ...TINY_GRID,
  name: 'micro',
  architectures: ['resnet18'],
  seeds: [3],
  inputSize: 16,
  epochs: 2,
  batchSize: 16,
  dataset: { kind: 'synthetic', size: 16, validationSize: 16, seed: 0 },
};

describe('chextransfer grid', () => {
  it('prints the tiny example, which checks and plans', async () => {
    const io = captureIo();
    expect(await main(['grid', 'example', '--tiny'], io)).toBe(0);
    const file = path.join(work, 'tiny.json');
    writeFileSync(file, io.stdout);
    const check = captureIo();
    expect(await main(['grid', 'check', file], check)).toBe(0);
    expect(check.stdout).toBe(`${file}: valid, 4 tasks\n`);
    const plan = captureIo();
    expect(await main(['grid', 'plan', file, '--gpus', '2', '--tflops', '0.5'], plan)).toBe(0);
    expect(plan.stdout).toMatch(/^grid tiny: 4 tasks, 96 training and 64 validation images/);
    expect(plan.stdout).toMatch(/at 0\.5 TFLOP\/s sustained; wall time on 2 devices/);
    const json = captureIo();
    expect(await main(['grid', 'plan', file, '--json'], json)).toBe(0);
    expect((JSON.parse(json.stdout) as { tasks: unknown[] }).tasks).toHaveLength(4);
  });

  it('adds each task’s time at a measured rate: given with --rate, or measured with --measure', async () => {
    const file = path.join(work, 'tiny-rate.json');
    writeFileSync(file, JSON.stringify(TINY_GRID));
    const given = captureIo();
    expect(await main(['grid', 'plan', file, '--rate', '0.5,2'], given)).toBe(0);
    expect(given.stdout).toContain(
      "measured on the device given by --rate (0.50 ms per layer + 2.00 GFLOP/s), the model of the Train tab's estimates:",
    );
    expect(given.stdout).toMatch(/total: about \d+ (s|min)[^\n]* for all tasks one after another/);
    const bad = captureIo();
    expect(await main(['grid', 'plan', file, '--rate', 'fast'], bad)).toBe(2);
    expect(bad.stderr).toContain('--rate must be MS,GFLOPS');
    const measured = captureIo();
    expect(await main(['grid', 'plan', file, '--measure', '--json'], measured)).toBe(0);
    const json = JSON.parse(measured.stdout) as {
      estimate: { rate: { backend: string; msPerLayer: number }; tasks: { seconds: number }[] };
    };
    expect(json.estimate.rate.backend).toBe('this machine (node, tfjs cpu)');
    expect(json.estimate.tasks).toHaveLength(4);
    for (const t of json.estimate.tasks) expect(t.seconds).toBeGreaterThan(0);
  }, 60_000);

  it('refuses a bad spec with every problem, exit 2', async () => {
    const file = path.join(work, 'bad.json');
    writeFileSync(file, JSON.stringify({ ...TINY_GRID, seeds: [], epoch: 3 }));
    const io = captureIo();
    expect(await main(['grid', 'check', file], io)).toBe(2);
    expect(io.stderr).toContain('is not a valid grid spec:');
    expect(io.stderr).toContain('seeds: Too small: expected array to have >=1 items; found []');
    expect(io.stderr).toContain('unknown field "epoch"');
  });
});

describe('chextransfer run and collect', () => {
  const spec = path.join(work, 'micro.json');
  const out = path.join(work, 'out');
  writeFileSync(spec, JSON.stringify(MICRO));

  it('runs a task: record written, checkpoint removed, log kept; a second call skips it', async () => {
    const io = captureIo();
    expect(await main(['run', '--grid', spec, '--index', '0', '--out', out], io)).toBe(0);
    const parsed = parseRun(JSON.parse(readFileSync(path.join(out, 'tasks', '0.json'), 'utf8')));
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.run).toMatchObject({
      id: 'micro#0',
      arch: 'resnet18',
      seed: 3,
      epochs: 2,
      backend: 'cpu',
    });
    expect(parsed.run.grid).toEqual({ name: 'micro', index: 0, configKey: 'resnet18|random|k7' });
    expect(existsSync(path.join(out, 'checkpoints', '0.safetensors'))).toBe(false);
    const log = readFileSync(path.join(out, 'logs', '0.log'), 'utf8');
    expect(log).toMatch(/checkpoint after epoch 2 written/);
    expect(log).toMatch(/done: mean AUC/);
    const again = captureIo();
    expect(await main(['run', '--grid', spec, '--index', '0', '--out', out], again)).toBe(0);
    expect(again.stderr).toMatch(/task 0 is already done/);
  });

  it('takes the index from SLURM_ARRAY_TASK_ID, and names the indexes a grid has', async () => {
    process.env['SLURM_ARRAY_TASK_ID'] = '5';
    try {
      const io = captureIo();
      expect(await main(['run', '--grid', spec, '--out', out], io)).toBe(2);
      expect(io.stderr).toContain('Task index 5 is not in this grid: it has tasks 0 to 0.');
    } finally {
      delete process.env['SLURM_ARRAY_TASK_ID'];
    }
  });

  it('collects the records into runs.json, which the app imports', async () => {
    const io = captureIo();
    expect(await main(['collect', out, '--grid', spec], io)).toBe(0);
    expect(JSON.parse(io.stdout)).toEqual({
      tasks: 1,
      done: 1,
      failed: 0,
      missing: 0,
      unreadable: 0,
    });
    const imported = parseResultsFile(
      readFileSync(path.join(out, 'runs.json'), 'utf8'),
      'runs.json',
    );
    expect(imported.ok && imported.study.title).toBe('Grid: micro');
  });
});

describe('chextransfer k8s', () => {
  it('writes validated manifests and the spec with container paths; --check refuses a broken one', async () => {
    const spec = path.join(work, 'data.json');
    writeFileSync(
      spec,
      JSON.stringify({
        ...TINY_GRID,
        dataset: { kind: 'chexpert', path: 'CheXpert-v1.0-small.zip' },
      }),
    );
    const dir = path.join(work, 'k8s');
    const io = captureIo();
    expect(await main(['k8s', spec, '--image', 'img:1', '--out', dir], io)).toBe(0);
    const inside = JSON.parse(readFileSync(path.join(dir, 'grid.json'), 'utf8')) as {
      dataset: { path: string };
    };
    expect(inside.dataset.path).toBe('/data/CheXpert-v1.0-small.zip');
    const ok = captureIo();
    expect(
      await main(['k8s', '--check', path.join(dir, 'grid-job.json'), '--role', 'grid'], ok),
    ).toBe(0);
    const job = JSON.parse(readFileSync(path.join(dir, 'grid-job.json'), 'utf8')) as {
      spec: { template: { spec: Record<string, unknown> } };
    };
    job.spec.template.spec['restartPolicy'] = 'Always';
    writeFileSync(path.join(dir, 'broken.json'), JSON.stringify(job));
    const bad = captureIo();
    expect(
      await main(['k8s', '--check', path.join(dir, 'broken.json'), '--role', 'grid'], bad),
    ).toBe(2);
    expect(bad.stderr).toMatch(/restartPolicy: must be Never \(found "Always"\)/);
  });
});
