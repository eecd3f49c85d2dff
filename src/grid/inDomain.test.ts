/**
 * The grid's third initialisation, a chest-X-ray checkpoint: its spec errors, where each task's
 * checkpoint comes from and what it is called, the architectures a named model can start, and its
 * tasks collected and imported as "other pretraining" beside random ones of the same seeds.
 */
import { describe, expect, it } from 'vitest';
import { ARCHITECTURES } from '../study/architectures.ts';
import { parseResultsFile } from '../study/importResults.ts';
import { IN_DOMAIN_START_FLAG, initGroupOf } from '../study/initialisation.ts';
import type { RunRecord } from '../study/runs.ts';
import { boostVsParams, type ChartFilters } from '../study/selectors.ts';
import { makeRun } from '../study/testing/runs.ts';
import { chestModel } from '../zoo/chestCatalog.ts';
import { countTruncated } from '../zoo/analytic.ts';
import { collectGrid, type TaskOutcome } from './collect.ts';
import { IN_DOMAIN_GRID, TINY_GRID } from './examples.ts';
import { inDomainSource, type InDomainInit } from './inDomain.ts';
import { planGrid } from './plan.ts';
import { validateGridSpec, type GridInit, type GridSpec } from './spec.ts';
import { gridTasks, type GridTask } from './tasks.ts';

const errorsOf = (value: unknown): string[] => {
  const r = validateGridSpec(value);
  return r.ok ? [] : r.errors;
};
const tasksOf = (spec: GridSpec): GridTask[] => {
  const t = gridTasks(spec);
  if (!t.ok) throw new Error(t.errors.join('; '));
  return t.tasks;
};
const withInits = (initialisations: unknown[], over: object = {}): unknown => ({
  ...TINY_GRID,
  architectures: ['densenet121'],
  initialisations,
  ...over,
});

describe('the in-domain initialisation in a spec', () => {
  it('needs a checkpoint or a catalog model, and says which models exist', () => {
    expect(errorsOf(withInits([{ kind: 'in-domain' }]))).toEqual([
      expect.stringMatching(
        /^initialisations\[0\]: give "checkpoint" \(a \.pt\/\.pth file or URL\) or "model" \(one of densenet121-res224-all, .*resnet50-res512-all\); found \{"kind":"in-domain"\}$/,
      ),
    ]);
    expect(errorsOf(withInits([{ kind: 'in-domain', model: 'densenet121-chex' }]))).toEqual([
      expect.stringMatching(
        /^initialisations\[0\]\.model: expected one of "densenet121-res224-all"\|.*; found "densenet121-chex"$/,
      ),
    ]);
  });

  it('refuses a safetensors file, unknown fields and a second in-domain start', () => {
    expect(
      errorsOf(withInits([{ kind: 'in-domain', checkpoint: 'w/{arch}.safetensors' }])),
    ).toEqual([
      'initialisations[0].checkpoint: a .safetensors file is ImageNet weights (kind "imagenet"); an in-domain checkpoint is a PyTorch .pt/.pth file; found "w/{arch}.safetensors"',
    ]);
    expect(errorsOf(withInits([{ kind: 'in-domain', checkpoint: 'a.pt', file: 'b' }]))).toEqual([
      'initialisations[0]: unknown field "file" (check the spelling; see docs/grid.md)',
    ]);
    const twice = [
      { kind: 'in-domain', checkpoint: 'a.pt' },
      { kind: 'in-domain', model: 'densenet121-res224-nih' },
    ];
    expect(errorsOf(withInits(twice))[0]).toMatch(
      /^initialisations: each kind once \(random, imagenet, in-domain\)/,
    );
  });

  it('learns at the ImageNet rate by default, and a per-kind rate must name it', () => {
    const tasks = tasksOf(IN_DOMAIN_GRID);
    const rates = Object.fromEntries(tasks.map((t) => [t.init.kind, t.learningRate]));
    expect(rates).toEqual({ random: 1e-3, imagenet: 1e-4, 'in-domain': 1e-4 });
    const lr = withInits([{ kind: 'random' }, { kind: 'in-domain', checkpoint: 'c.pt' }], {
      learningRate: { random: 1e-3 },
    });
    expect(errorsOf(lr)[0]).toMatch(/^learningRate: .*missing in-domain/);
  });

  it('plans an in-domain task with its 1-channel stem', () => {
    const plan = planGrid(IN_DOMAIN_GRID, tasksOf(IN_DOMAIN_GRID), {
      devices: 1,
      tflops: 1,
      images: { train: 100 },
    });
    if (typeof plan === 'string') throw new Error(plan);
    const [random, , , , , , chest] = plan.tasks;
    expect(chest?.init).toBe('in-domain');
    expect(chest?.params).toBe(countTruncated('densenet121', { inChannels: 1 }).trainable);
    // the stem conv (64 filters of 7 × 7) sees one channel instead of three
    expect((random?.params ?? 0) - (chest?.params ?? 0)).toBe(2 * 64 * 7 * 7);
    expect((random?.macsPerImage ?? 0) - (chest?.macsPerImage ?? 0)).toBe(
      2 * 64 * 7 * 7 * 112 ** 2,
    );
  });

  it('gives in-domain tasks their own configuration key', () => {
    const keys = [...new Set(tasksOf(IN_DOMAIN_GRID).map((t) => t.configKey))];
    expect(keys).toEqual([
      'densenet121|random|k0',
      'densenet121|imagenet|k0',
      'densenet121|in-domain|k0',
    ]);
  });

  it('refuses, before anything runs, an architecture the named model cannot start', () => {
    const spec = { ...IN_DOMAIN_GRID, architectures: ['densenet121', 'resnet18', 'resnet50'] };
    const r = gridTasks(spec as GridSpec);
    expect(!r.ok && r.errors).toEqual([
      'initialisations[2]: the in-domain model densenet121-res224-nih is a densenet121, so it cannot start resnet18: remove resnet18 from this grid, or TorchXRayVision publishes models of densenet121, resnet50 only; give a checkpoint file of resnet18 instead',
      'initialisations[2]: the in-domain model densenet121-res224-nih is a densenet121, so it cannot start resnet50: remove resnet50 from this grid, or start it from resnet50-res512-all in another grid',
    ]);
    // a file's network is checked by the runner when it reads the file
    const file = { ...spec, initialisations: [{ kind: 'in-domain', checkpoint: 'x/{arch}.pt' }] };
    expect(tasksOf(file as GridSpec)).toHaveLength(3 * 3);
  });
});

describe('inDomainSource', () => {
  const of = (init: Omit<InDomainInit, 'kind'>, arch = 'densenet121') =>
    inDomainSource({ kind: 'in-domain', ...init }, arch);

  it('a named model: its published URL and catalog label', () => {
    const nih = chestModel('densenet121-res224-nih');
    expect(of({ model: 'densenet121-res224-nih' })).toEqual({
      where: nih?.url.value,
      fileName: 'nih-densenet121-d121-tw-lr001-rot45-tr15-sc15-seed0-best.pt',
      label: 'TorchXRayVision densenet121-res224-nih',
      chestId: 'densenet121-res224-nih',
    });
    // a local copy of it keeps the name and must fit the model
    expect(of({ model: 'densenet121-res224-nih', checkpoint: 'copies/nih.pt' })).toEqual({
      where: 'copies/nih.pt',
      fileName: 'nih.pt',
      label: 'TorchXRayVision densenet121-res224-nih',
      chestId: 'densenet121-res224-nih',
    });
  });

  it('a file: {arch} replaced; labelled by its name, or by the catalog when it is a published file', () => {
    expect(of({ checkpoint: 'ckpt/{arch}-mine.pth' }, 'resnet18')).toEqual({
      where: 'ckpt/resnet18-mine.pth',
      fileName: 'resnet18-mine.pth',
      label: 'resnet18-mine.pth',
    });
    expect(
      of(
        {
          checkpoint:
            'https://example.org/w/pc-nih-rsna-siim-vin-resnet50-test512-e400-state.pt?x=1',
        },
        'resnet50',
      ).label,
    ).toBe('TorchXRayVision resnet50-res512-all');
  });
});

const ALL: ChartFilters = { condition: 'both', hiddenFamilies: [], archs: [] };

/** A finished task of the in-domain example grid (two seeds): random, ImageNet or in-domain. */
function record(index: number, kind: GridInit['kind'], seed: number, auc: number): RunRecord {
  return makeRun({
    id: `chest#${index}`,
    arch: 'densenet121',
    pretrained: kind === 'imagenet',
    ...(kind === 'in-domain' ? { initialisedFrom: 'TorchXRayVision densenet121-res224-nih' } : {}),
    meanAuc: auc,
    seed,
    grid: { name: 'chest', index, configKey: `densenet121|${kind}|k0` },
  });
}

describe('collected in-domain tasks', () => {
  it('import as their own configuration, "other pretraining", never paired in the boost chart', () => {
    const spec = { ...IN_DOMAIN_GRID, name: 'chest', seeds: [0, 1] };
    const tasks = tasksOf(spec);
    const done = [
      record(0, 'random', 0, 0.6),
      record(1, 'random', 1, 0.62),
      record(2, 'imagenet', 0, 0.7),
      record(3, 'imagenet', 1, 0.72),
      record(4, 'in-domain', 0, 0.8),
      record(5, 'in-domain', 1, 0.84),
    ];
    const outcomes = new Map<number, TaskOutcome>(
      done.map((r) => [r.grid?.index ?? -1, { kind: 'done', record: r }]),
    );
    const { doc } = collectGrid(spec, tasks, outcomes);
    const rows = (doc as { results: { flags: string[]; note: string }[] }).results;
    expect(rows.map((r) => r.flags.includes(IN_DOMAIN_START_FLAG))).toEqual([
      false,
      false,
      false,
      false,
      true,
      true,
    ]);
    expect(rows[4]?.note).toMatch(/started from TorchXRayVision densenet121-res224-nih$/);
    const imported = parseResultsFile(JSON.stringify(doc), 'runs.json');
    if (!imported.ok) throw new Error(imported.errors.map((e) => e.message).join('; '));
    const results = imported.study.results;
    // same seeds, same pretrained flag as the random starts, yet their own configuration
    expect(results.map((r) => [initGroupOf(r), r.n, r.pretrained])).toEqual([
      ['random', 2, false],
      ['pretrained', 2, true],
      ['other', 2, false],
    ]);
    expect(results[2]?.value).toBeCloseTo(0.82, 12);
    const boost = boostVsParams(imported.study, ARCHITECTURES, ALL).points;
    expect(boost.map((p) => [p.arch, p.pretrainedValue, p.randomValue])).toEqual([
      ['densenet121', results[1]?.value, results[0]?.value],
    ]);
  });
});
