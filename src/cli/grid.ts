/**
 * `chextransfer grid plan SPEC [--gpus N] [--tflops T] [--train-images N] [--validation-images N] [--rate MS,GFLOPS | --measure] [--json]`
 * `chextransfer grid example --tiny|--paper`, `chextransfer grid check SPEC`, `chextransfer grid schema`
 * The grid spec from the command line: what it will run and what it will cost, before it runs.
 */
import { parseArgs } from 'node:util';
import { GRID_EXAMPLES } from '../grid/examples.ts';
import { planGrid, TRAIN_PASSES, type GridPlan } from '../grid/plan.ts';
import { estimateGrid, estimateLines } from '../grid/planEstimate.ts';
import { measuredRate } from './gridRate.ts';
import { gridJsonSchema } from '../grid/spec.ts';
import type { Io } from './command.ts';
import { UsageError } from './command.ts';
import { intFlag, loadGrid } from './gridFiles.ts';

const HELP = `usage: chextransfer grid plan SPEC [--gpus N] [--tflops T] [--train-images N] [--validation-images N]
                                [--rate MS,GFLOPS | --measure] [--json]
       chextransfer grid example --tiny | --paper | --in-domain
       chextransfer grid check SPEC
       chextransfer grid schema

plan     every task (architecture, initialisation, units removed, seed), its multiply-adds per image
         from the zoo's analytic counter, its floating-point work (${TRAIN_PASSES} forward passes per training
         image, 1 per validation image, per epoch) and time at T sustained TFLOP/s per device
         (default 20), and the wall time on N devices (default 1). Estimates, not measurements.
         --rate MS,GFLOPS adds each task's time at a measured rate (ms per layer and GFLOP/s, as
         the Train tab's "Speed on this machine" shows them); --measure measures this machine's
         rate first (tfjs' CPU backend, what 'run --engine node' trains on; a few seconds).
example  prints an example spec: --tiny (4 tasks, synthetic, minutes on a CPU), --paper
         (CheXtransfer's 16 architectures x 2 initialisations on CheXpert at 320 px) or --in-domain
         (DenseNet-121 from random, ImageNet and TorchXRayVision's NIH chest X-ray model, 3 seeds).
check    validates SPEC and prints its task count (exit 2 with every problem otherwise).
schema   prints the spec's JSON Schema (for editors: "$schema").
`;

const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US');

/**
 * @param s seconds
 * @returns e.g. "2 h 05 min" or "41 s"
 */
export function duration(s: number): string {
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  return h < 48 ? `${h} h ${String(min % 60).padStart(2, '0')} min` : `${(h / 24).toFixed(1)} days`;
}

/**
 * @param name the grid's name
 * @param plan its plan
 * @returns the human-readable plan
 */
export function planText(name: string, plan: GridPlan): string {
  const head =
    'task  arch                   init      removed  seed  params       GMACs/image  PFLOP     time/device';
  const rows = plan.tasks.map((t) =>
    [
      String(t.index).padStart(4),
      t.arch.padEnd(22),
      t.init.padEnd(9),
      String(t.unitsRemoved).padStart(7),
      String(t.seed).padStart(5),
      fmtInt(t.params).padStart(11),
      (t.macsPerImage / 1e9).toFixed(3).padStart(12),
      (t.flop / 1e15).toFixed(3).padStart(8),
      duration(t.seconds).padStart(13),
    ].join('  '),
  );
  return [
    `grid ${name}: ${plan.tasks.length} tasks, ${fmtInt(plan.images.train)} training and ${fmtInt(plan.images.validation)} validation images per task per epoch`,
    head,
    ...rows,
    `total: ${(plan.totalFlop / 1e15).toFixed(1)} PFLOP = ${plan.deviceHours.toFixed(2)} device-hours at ${plan.tflops} TFLOP/s sustained; wall time on ${plan.devices} device${plan.devices === 1 ? '' : 's'}: ${duration(plan.wallSeconds)}`,
    'Estimates from counted multiply-adds, not measurements: data loading, small batches and a lower',
    'utilisation make real runs slower. Measure your TFLOP/s with one short task first.',
    '',
  ].join('\n');
}

function positive(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n))
    throw new UsageError(`${flag} must be a positive number (got ${value})`);
  return n;
}

async function plan(
  spec: string | undefined,
  values: Record<string, string | boolean | undefined>,
  io: Io,
): Promise<number> {
  if (spec === undefined) throw new UsageError('grid plan needs a SPEC file');
  const grid = loadGrid(spec);
  const str = (k: string): string | undefined =>
    typeof values[k] === 'string' ? values[k] : undefined;
  const images = {
    ...(str('train-images') === undefined
      ? {}
      : { train: intFlag(str('train-images'), '--train-images', 1) }),
    ...(str('validation-images') === undefined
      ? {}
      : { validation: intFlag(str('validation-images'), '--validation-images', 1) }),
  };
  const result = planGrid(grid.spec, grid.tasks, {
    devices: intFlag(str('gpus') ?? '1', '--gpus', 1),
    tflops: positive(str('tflops') ?? '20', '--tflops'),
    images,
  });
  if (typeof result === 'string') throw new UsageError(result);
  const rate = await measuredRate(str('rate'), values['measure'] === true, io);
  const estimate = rate && estimateGrid(grid.spec, grid.tasks, result.images, rate);
  io.out(
    values['json'] === true
      ? `${JSON.stringify({ name: grid.spec.name, ...result, ...(estimate ? { estimate } : {}) }, null, 2)}\n`
      : `${planText(grid.spec.name, result)}${estimate ? `${estimateLines(estimate).join('\n')}\n` : ''}`,
  );
  return 0;
}

function example(values: Record<string, string | boolean | undefined>, io: Io): number {
  const chosen = (['tiny', 'paper', 'in-domain'] as const).filter((k) => values[k] === true);
  const [which] = chosen;
  if (which === undefined || chosen.length > 1)
    throw new UsageError('grid example needs exactly one of --tiny, --paper or --in-domain');
  io.out(`${JSON.stringify(GRID_EXAMPLES[which], null, 2)}\n`);
  return 0;
}

/**
 * @param args arguments after `grid`
 * @param io output streams
 * @returns exit code
 */
export async function run(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      gpus: { type: 'string' },
      tflops: { type: 'string' },
      'train-images': { type: 'string' },
      'validation-images': { type: 'string' },
      rate: { type: 'string' },
      measure: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      tiny: { type: 'boolean', default: false },
      paper: { type: 'boolean', default: false },
      'in-domain': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [verb, spec] = positionals;
  if (values.help || verb === undefined) {
    io.out(HELP);
    return verb === undefined && !values.help ? 2 : 0;
  }
  if (verb === 'plan') return plan(spec, values, io);
  if (verb === 'example') return example(values, io);
  if (verb === 'check') {
    if (spec === undefined) throw new UsageError('grid check needs a SPEC file');
    const grid = loadGrid(spec);
    io.out(`${spec}: valid, ${grid.tasks.length} tasks\n`);
    return 0;
  }
  if (verb === 'schema') {
    io.out(`${JSON.stringify(gridJsonSchema(), null, 2)}\n`);
    return 0;
  }
  throw new UsageError(`unknown grid command '${verb}': use plan, example, check or schema`);
}
