/**
 * A grid with a chest-X-ray initialisation, from the command line: one tiny in-domain task runs
 * headless from a PyTorch checkpoint and records where it started; `collect` and the app's
 * importer make it "other pretraining"; a checkpoint of another architecture is refused with exit
 * 3 before any data is read; `slurm` and `k8s` move the checkpoint like an ImageNet weights file.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseResultsFile } from '../study/importResults.ts';
import { IN_DOMAIN_START_FLAG, initGroupOf } from '../study/initialisation.ts';
import { parseRun } from '../study/runs.ts';
import { rebuildBigFixture } from '../test/torchFixtures.ts';
import { main } from './main.ts';
import { captureIo } from './testing/captureIo.ts';

const work = mkdtempSync(path.join(tmpdir(), 'chextransfer-cli-indomain-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
// a synthetic DenseNet-121 of TorchXRayVision's shape (1 channel, 18 outputs), as torch.save wrote it
writeFileSync(path.join(work, 'chest.pt'), rebuildBigFixture('xrv_densenet121_state_zip').bytes);

/** One task: DenseNet-121's first unit from the checkpoint, 16 px, 1 epoch of 16 phantoms. */
const spec = (name: string, arch: string, over: object = {}): string => {
  const file = path.join(work, `${name}.json`);
  const grid = {
    name,
    architectures: [arch],
    initialisations: [{ kind: 'in-domain', checkpoint: '{arch}.pt' }],
    depths: [{ keep: 1 }],
    seeds: [5],
    inputSize: 16,
    epochs: 1,
    batchSize: 16,
    augment: false,
    dataset: { kind: 'synthetic', size: 16, validationSize: 16, seed: 0 },
    ...over,
  };
  writeFileSync(file, JSON.stringify(grid));
  return file;
};
/** A spec whose tasks start from chest.pt (the default `{arch}.pt` names a missing file). */
const chest = (name: string, arch: string): string =>
  spec(name, arch, { initialisations: [{ kind: 'in-domain', checkpoint: 'chest.pt' }] });

describe('an in-domain grid task', () => {
  const out = path.join(work, 'out');

  it('runs from the checkpoint and records it; collect and the importer make it other pretraining', async () => {
    const file = chest('chest', 'densenet121');
    const io = captureIo();
    expect(await main(['run', '--grid', file, '--index', '0', '--out', out], io)).toBe(0);
    const parsed = parseRun(JSON.parse(readFileSync(path.join(out, 'tasks', '0.json'), 'utf8')));
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.run).toMatchObject({
      arch: 'densenet121',
      pretrained: false,
      initialisedFrom: 'chest.pt',
      learningRate: 1e-4,
      seed: 5,
      epochs: 1,
    });
    expect(parsed.run.grid?.configKey).toMatch(/^densenet121\|in-domain\|k\d+$/);
    const log = readFileSync(path.join(out, 'logs', '0.log'), 'utf8');
    expect(log).toMatch(/in-domain start: chest\.pt, checked/);
    expect(log).toMatch(/start: densenet121, \d+ units removed, in-domain init, seed 5/);
    const collected = captureIo();
    expect(await main(['collect', out, '--grid', file], collected)).toBe(0);
    const imported = parseResultsFile(
      readFileSync(path.join(out, 'runs.json'), 'utf8'),
      'runs.json',
    );
    if (!imported.ok) throw new Error(imported.errors.map((e) => e.message).join('; '));
    const [result] = imported.study.results;
    expect(result?.flags).toContain(IN_DOMAIN_START_FLAG);
    expect(result && initGroupOf(result)).toBe('other');
    expect(result?.note).toMatch(/started from chest\.pt$/);
  });

  it('refuses a checkpoint of another architecture with exit 3, and records why', async () => {
    const dir = path.join(work, 'wrong');
    const io = captureIo();
    const file = chest('wrong', 'resnet18');
    expect(await main(['run', '--grid', file, '--index', '0', '--out', dir], io)).toBe(3);
    expect(io.stderr).toContain(
      'chextransfer run: This checkpoint holds another architecture than the one asked for, so nothing was loaded; ask for the architecture it holds, or none. [WRONG_ARCH] Detail: the file holds a densenet121, not a resnet18',
    );
    expect(existsSync(path.join(dir, 'tasks', '0.json'))).toBe(false);
    const error = JSON.parse(readFileSync(path.join(dir, 'tasks', '0.error.json'), 'utf8')) as {
      message: string;
    };
    expect(error.message).toMatch(/not a resnet18/);
    // nothing trained: the refusal came before the data and the model
    expect(readFileSync(path.join(dir, 'logs', '0.log'), 'utf8')).not.toMatch(/start: resnet18/);
  });

  it('names a checkpoint it cannot read, exit 2', async () => {
    const io = captureIo();
    const file = spec('missing', 'densenet121');
    const dir = path.join(work, 'missing-out');
    expect(await main(['run', '--grid', file, '--index', '0', '--out', dir], io)).toBe(2);
    expect(io.stderr).toContain(
      `cannot read the chest X-ray checkpoint ${path.join(work, 'densenet121.pt')}`,
    );
  });
});

describe('in-domain checkpoints on clusters', () => {
  it('slurm makes the path absolute; k8s moves it to the data volume', async () => {
    const file = spec('cluster', 'densenet121', {
      initialisations: [{ kind: 'random' }, { kind: 'in-domain', checkpoint: 'xrv/{arch}.pt' }],
    });
    const slurm = path.join(work, 'slurm');
    expect(await main(['slurm', file, '--out', slurm], captureIo())).toBe(0);
    const k8s = path.join(work, 'k8s');
    expect(await main(['k8s', file, '--image', 'img:1', '--out', k8s], captureIo())).toBe(0);
    const initOf = (dir: string): unknown =>
      (JSON.parse(readFileSync(path.join(dir, 'grid.json'), 'utf8')) as { initialisations: [] })
        .initialisations;
    expect(initOf(slurm)).toEqual([
      { kind: 'random' },
      { kind: 'in-domain', checkpoint: path.join(work, 'xrv/{arch}.pt') },
    ]);
    expect(initOf(k8s)).toEqual([
      { kind: 'random' },
      { kind: 'in-domain', checkpoint: '/data/{arch}.pt' },
    ]);
  });
});
