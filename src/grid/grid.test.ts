import { describe, expect, it } from 'vitest';
import { countTruncated, unitTable } from '../zoo/analytic.ts';
import { parseResultsFile } from '../study/importResults.ts';
import type { RunRecord } from '../study/runs.ts';
import { collectGrid, type TaskOutcome } from './collect.ts';
import { GRID_EXAMPLES, PAPER_GRID, TINY_GRID } from './examples.ts';
import { planGrid, FLOP_PER_MAC, TRAIN_PASSES } from './plan.ts';
import { collectSbatch, gridSbatch, parseJobId, shellWord } from './slurm.ts';
import { gridJsonSchema, parseGridSpec, validateGridSpec, type GridSpec } from './spec.ts';
import { gridTasks, resolveDepth, taskAt, type GridTask } from './tasks.ts';

const tasksOf = (spec: GridSpec): GridTask[] => {
  const t = gridTasks(spec);
  if (!t.ok) throw new Error(t.errors.join('; '));
  return t.tasks;
};
const errorsOf = (value: unknown): string[] => {
  const r = validateGridSpec(value);
  return r.ok ? [] : r.errors;
};

describe('grid spec', () => {
  it.each(Object.entries(GRID_EXAMPLES))('the %s example is valid as JSON', (_, spec) => {
    const parsed = parseGridSpec(JSON.stringify(spec));
    expect(parsed.ok && parsed.spec).toEqual(spec);
  });

  it('names the field, what was expected and what was found', () => {
    const bad = { ...TINY_GRID, architectures: ['resnet18', 'resnet5'], epochs: 0, inputSiz: 32 };
    const errors = errorsOf(bad);
    expect(errors).toContainEqual(
      expect.stringMatching(
        /^architectures\[1\]: expected one of "densenet121"\|.*; found "resnet5"$/,
      ),
    );
    expect(errors).toContainEqual(
      expect.stringMatching(/^epochs: Too small: expected number to be >=1; found 0$/),
    );
    expect(errors).toContainEqual(
      '(the spec): unknown field "inputSiz" (check the spelling; see docs/grid.md)',
    );
  });

  it('checks the dataset by its kind, and nested fields', () => {
    const errors = errorsOf({ ...TINY_GRID, dataset: { kind: 'chexpert', paht: 'x' } });
    expect(errors).toContainEqual(
      'dataset.path: expected string, received undefined; found nothing',
    );
    expect(errors).toContainEqual(
      'dataset: unknown field "paht" (check the spelling; see docs/grid.md)',
    );
    expect(errorsOf({ ...TINY_GRID, dataset: { kind: 'mnist' } })[0]).toMatch(/^dataset\.kind: /);
  });

  it('refuses repeated seeds and a per-kind learning rate that misses a kind', () => {
    expect(errorsOf({ ...TINY_GRID, seeds: [0, 0] })).toEqual([
      'seeds: each seed once; found [0,0]',
    ]);
    const lr = {
      ...TINY_GRID,
      initialisations: [{ kind: 'random' }, { kind: 'imagenet' }],
      learningRate: { random: 1e-3 },
    };
    expect(errorsOf(lr)[0]).toMatch(
      /^learningRate: expected one rate per initialisation kind .*missing imagenet/,
    );
  });

  it('says plainly when the file is not JSON', () => {
    const r = parseGridSpec('{ name: tiny }');
    expect(!r.ok && r.errors[0]).toMatch(/^The grid spec is not valid JSON: /);
  });

  it('exports a JSON Schema with the same fields', () => {
    const schema = gridJsonSchema() as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['architectures', 'seeds', 'dataset', 'depths']),
    );
    expect(schema.required).toEqual(
      expect.arrayContaining(['name', 'architectures', 'seeds', 'inputSize']),
    );
  });
});

describe('grid tasks', () => {
  it('is the product architectures × initialisations × depths × seeds, seeds innermost', () => {
    const spec: GridSpec = {
      ...TINY_GRID,
      initialisations: [{ kind: 'random' }, { kind: 'imagenet' }],
      depths: ['full', { remove: 1 }],
      seeds: [0, 1, 2],
    };
    const tasks = tasksOf(spec);
    expect(tasks).toHaveLength(2 * 2 * 2 * 3);
    expect(tasks.map((t) => t.index)).toEqual(tasks.map((_, i) => i));
    expect(tasks.slice(0, 3).map((t) => [t.configKey, t.seed])).toEqual([
      ['resnet18|random|k0', 0],
      ['resnet18|random|k0', 1],
      ['resnet18|random|k0', 2],
    ]);
    expect(tasks[3]?.configKey).toBe('resnet18|random|k1');
    expect(tasks[6]?.configKey).toBe('resnet18|imagenet|k0');
    expect(tasks[6]?.learningRate).toBe(0.01); // one rate for all in the tiny spec
  });

  it('resolves keep/remove per architecture and refuses depths that do not fit', () => {
    const units = unitTable('resnet18').units.length;
    expect(resolveDepth('resnet18', { keep: 1 })).toBe(units - 1);
    expect(resolveDepth('resnet18', { remove: units })).toMatch(/leaves nothing of resnet18/);
    expect(resolveDepth('resnet18', { keep: units + 1 })).toMatch(/more than resnet18's/);
    const r = gridTasks({ ...TINY_GRID, depths: [{ keep: 1 }, { remove: units - 1 }] });
    expect(!r.ok && r.errors[0]).toMatch(/two depths give the same model/);
  });

  it('refuses an input too small for an architecture, naming it', () => {
    const r = gridTasks({ ...TINY_GRID, architectures: ['inception_v3'], depths: ['full'] });
    expect(!r.ok && r.errors[0]).toMatch(/^inputSize: 32 px is too small for inception_v3/);
  });

  it('tells which indexes exist', () => {
    expect(taskAt(tasksOf(TINY_GRID), 4)).toBe(
      'Task index 4 is not in this grid: it has tasks 0 to 3.',
    );
  });
});

describe('grid plan', () => {
  it("recomputes each task's work from the analytic counter", () => {
    const tasks = tasksOf(PAPER_GRID);
    const plan = planGrid(PAPER_GRID, tasks, {
      devices: 1,
      tflops: 20,
      images: { train: 190_000 },
    });
    if (typeof plan === 'string') throw new Error(plan);
    expect(plan.tasks).toHaveLength(32);
    const macs = countTruncated('densenet121', { inputSize: 320 }).macs;
    const flop = FLOP_PER_MAC * macs * 3 * (TRAIN_PASSES * 190_000 + 234);
    expect(plan.tasks[0]?.flop).toBeCloseTo(flop, -6);
    const total = tasks.reduce(
      (s, t) =>
        s +
        FLOP_PER_MAC * countTruncated(t.arch, { inputSize: 320 }).macs * 3 * (3 * 190_000 + 234),
      0,
    );
    expect(plan.totalFlop).toBeCloseTo(total, -6);
    expect(plan.deviceHours).toBeCloseTo(total / 20e12 / 3600, 9);
    // The estimate: about 570 PFLOP, about 8 GPU-hours at 20 TFLOP/s.
    expect(plan.totalFlop / 1e15).toBeGreaterThan(500);
    expect(plan.totalFlop / 1e15).toBeLessThan(650);
  });

  it('packs tasks onto devices, and asks for the image count a folder does not state', () => {
    const tasks = tasksOf(PAPER_GRID);
    const one = planGrid(PAPER_GRID, tasks, { devices: 1, tflops: 20, images: { train: 1000 } });
    const many = planGrid(PAPER_GRID, tasks, { devices: 64, tflops: 20, images: { train: 1000 } });
    if (typeof one === 'string' || typeof many === 'string') throw new Error('no plan');
    expect(one.wallSeconds).toBeCloseTo(one.totalFlop / 20e12, 6);
    expect(many.wallSeconds).toBeCloseTo(Math.max(...many.tasks.map((t) => t.seconds)), 9);
    expect(planGrid(PAPER_GRID, tasks, { devices: 1, tflops: 20 })).toMatch(
      /pass --train-images N/,
    );
  });
});

const record = (index: number, seed: number, auc: number, arch = 'resnet18'): RunRecord => ({
  id: `tiny#${index}`,
  finishedAt: '2026-01-02T03:04:05.000Z',
  arch,
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
    label: 'synthetic phantoms (n=96, validation 64, seed 0)',
    trainImages: 96,
    validationImages: 64,
  },
  meanAuc: auc,
  perTaskAuc: { Edema: auc },
  history: [],
  backend: 'cpu',
  durationMs: 1000,
  stopped: false,
  seed,
  grid: { name: 'tiny', index, configKey: `${arch}|random|k7` },
});

describe('collect', () => {
  it('counts done, failed and missing tasks, and writes a file the app imports as "Grid: NAME" with seeds averaged', () => {
    const tasks = tasksOf(TINY_GRID);
    const outcomes = new Map<number, TaskOutcome>([
      [0, { kind: 'done', record: record(0, 0, 0.6) }],
      [1, { kind: 'done', record: record(1, 1, 0.7) }],
      [2, { kind: 'failed', message: 'out of memory' }],
    ]);
    const { doc, summary, failures } = collectGrid(TINY_GRID, tasks, outcomes);
    expect(summary).toEqual({ tasks: 4, done: 2, failed: 1, missing: 1, unreadable: 0 });
    expect(failures).toEqual([{ index: 2, message: 'out of memory' }]);
    const imported = parseResultsFile(JSON.stringify(doc), 'runs.json');
    if (!imported.ok) throw new Error(imported.errors.map((e) => e.message).join('; '));
    expect(imported.study.title).toBe('Grid: tiny');
    expect(imported.study.metric.key).toBe('auroc:synthetic-mean5');
    expect(imported.study.results).toHaveLength(1);
    const [r] = imported.study.results;
    expect(r?.n).toBe(2);
    expect(r?.value).toBeCloseTo(0.65, 12);
    expect(r?.sd).toBeCloseTo(Math.SQRT1_2 * 0.1, 12);
    expect(r?.flags).toEqual(expect.arrayContaining(['grid', 'synthetic', 'replicates']));
  });
});

describe('slurm scripts', () => {
  const command = {
    node: '/usr/bin/node',
    cli: '/opt/app/bin/chextransfer.mjs',
    out: '/shared/grid out',
    engineArgs: ['--engine', 'node'],
    name: 'tiny',
    tasks: 4,
  };

  it('array over the tasks, index from SLURM_ARRAY_TASK_ID, requeue, options as #SBATCH lines', () => {
    const text = gridSbatch(command, {
      partition: 'gpu',
      account: 'lab',
      time: '02:00:00',
      gpusPerTask: 1,
      maxRunning: 2,
    });
    for (const line of [
      '#SBATCH --array=0-3%2',
      '#SBATCH --requeue',
      '#SBATCH --partition=gpu',
      '#SBATCH --account=lab',
      '#SBATCH --time=02:00:00',
      '#SBATCH --gpus-per-task=1',
    ])
      expect(text).toContain(line);
    expect(text).toContain(`--index "$SLURM_ARRAY_TASK_ID" --out '/shared/grid out' --engine node`);
    expect(gridSbatch(command, {})).not.toMatch(/--partition|--account|--gpus-per-task/);
  });

  it('the collect script says to depend with afterany and runs collect', () => {
    const text = collectSbatch(command, {});
    expect(text).toContain('--dependency=afterany:<grid job id>');
    expect(text).toContain(
      "exec /usr/bin/node /opt/app/bin/chextransfer.mjs collect '/shared/grid out'",
    );
  });

  it('quotes shell words and reads sbatch --parsable', () => {
    expect(shellWord("it's")).toBe("'it'\\''s'");
    expect(parseJobId('123\n')).toBe('123');
    expect(parseJobId('123;cluster')).toBe('123');
    expect(parseJobId('error')).toBeNull();
  });
});
