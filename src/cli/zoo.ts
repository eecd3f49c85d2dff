/**
 * `chextransfer zoo [--arch NAME] [--classes N] [--remove K] [--input N] [--build] [--json]`
 * The model zoo from the command line, with the same code the app runs (src/zoo): the catalog
 * table, an architecture's truncation units, truncated totals and, with --build, the counts of a
 * tf.layers model built in Node (CPU backend).
 */
import type { LayerVariable } from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import { countTruncated, unitTable, type TruncatedCount, type UnitTable } from '../zoo/analytic.ts';
import { CATALOG } from '../zoo/catalog.ts';
import { getArch, listArchs } from '../zoo/registry.ts';
import type { Io } from './command.ts';
import { UsageError } from './command.ts';

const HELP = `usage: chextransfer zoo [--arch NAME] [--classes N] [--remove K] [--input N] [--build] [--json]

Without --arch: the 16 architectures (parameters with a 1000-class head, truncation units, ImageNet
top-1 of the timm weights). With --arch: its truncation units (output channels, spatial size at
--input px, parameters, cumulative parameters, multiply-adds) and the totals of the model truncated
by --remove K units with a new --classes N head (defaults: K = 0, N = 5, the native input size).
--build also builds that model with TensorFlow.js (CPU) and prints its counted parameters.
Parameters are PyTorch-style trainable counts; "non-trainable" are BatchNorm moving statistics.
`;

/** Row of the catalog table. */
export interface ZooRow {
  id: string;
  label: string;
  params1000: number;
  units: number;
  inputSize: number;
  top1: number;
}

/** Parameters counted on the tf.layers model itself. */
export interface BuiltCount {
  trainable: number;
  nonTrainable: number;
  outputShape: (number | null)[];
}

/** What `zoo --arch` reports. */
export interface ArchReport {
  arch: string;
  classes: number;
  unitsRemoved: number;
  table: UnitTable;
  truncated: TruncatedCount;
  built?: BuiltCount;
}

/** @returns the catalog table, parameters recomputed by the analytic counter */
export function catalogRows(): ZooRow[] {
  return listArchs().map((id) => {
    const meta = CATALOG[id];
    return {
      id,
      label: meta.label,
      params1000: countTruncated(id, { numClasses: 1000 }).trainable,
      units: unitTable(id).units.length,
      inputSize: meta.inputSize,
      top1: meta.weights.top1.value,
    };
  });
}

const fmt = (n: number): string => n.toLocaleString('en-US');

function pad(rows: string[][], leftCols = 1): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, c) =>
          c < leftCols ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0),
        )
        .join('  '),
    )
    .join('\n');
}

function int(value: string | undefined, flag: string, min: number, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`${flag} must be an integer >= ${min}, got '${value}'`);
  return n;
}

async function build(arch: string, classes: number, k: number, input: number): Promise<BuiltCount> {
  // Loaded lazily: the catalog and unit tables never pull in TensorFlow.js; quietly (tfNode.ts).
  await (await import('./tfNode.ts')).loadTf();
  const { buildModel } = await import('../zoo/build.ts');
  const model = buildModel(arch, {
    numClasses: classes,
    unitsRemoved: k,
    inputSize: input,
    initializer: 'zeros',
  });
  const count = (ws: LayerVariable[]): number =>
    ws.reduce((s, w) => s + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);
  const built = {
    trainable: count(model.trainableWeights),
    nonTrainable: count(model.nonTrainableWeights),
    outputShape: model.outputs[0]?.shape ?? [],
  };
  model.dispose();
  return built;
}

/**
 * @param arch architecture id
 * @param opts head classes, units removed, input size, whether to build the tf model
 * @returns unit table, truncated totals and (with build) the tf counts
 */
export async function archReport(
  arch: string,
  opts: { classes: number; remove: number; input: number; build: boolean },
): Promise<ArchReport> {
  let table: UnitTable;
  try {
    table = unitTable(arch, opts.input);
  } catch (e) {
    // e.g. an input too small for the architecture's strides
    if (e instanceof RangeError) throw new UsageError(`--input ${opts.input}: ${e.message}`);
    throw e;
  }
  if (opts.remove >= table.units.length) {
    throw new UsageError(`--remove must be below ${table.units.length} for ${arch}`);
  }
  const truncated = countTruncated(arch, {
    unitsRemoved: opts.remove,
    numClasses: opts.classes,
    inputSize: opts.input,
  });
  const report: ArchReport = {
    arch,
    classes: opts.classes,
    unitsRemoved: opts.remove,
    table,
    truncated,
  };
  if (opts.build) report.built = await build(arch, opts.classes, opts.remove, opts.input);
  return report;
}

function archText(r: ArchReport): string {
  const n = r.table.units.length;
  const head = [['unit', 'out ch', 'HxW', 'params', 'cum params', 'MACs']];
  const rows = r.table.units.map((u, i) => [
    `${i >= n - r.unitsRemoved ? '- ' : '  '}${u.name}`,
    String(u.outCh),
    `${u.outHw}x${u.outHw}`,
    fmt(u.params),
    fmt(u.cumParams),
    fmt(u.macs),
  ]);
  const t = r.truncated;
  const lines = [
    `${r.arch} at ${r.table.inputSize}x${r.table.inputSize}: stem ${fmt(r.table.stem.params)} params, ${n} units ('-' = removed)`,
    pad([...head, ...rows]),
    '',
    `truncated: remove ${r.unitsRemoved} -> last unit ${t.lastUnit} (${t.outChannels} ch, ${t.outHw}x${t.outHw}), head ${r.classes} classes`,
    `  analytic: trainable ${fmt(t.trainable)}, non-trainable ${fmt(t.nonTrainable)}, MACs ${fmt(t.macs)}, ${(t.floatBytes / 1e6).toFixed(1)} MB float32`,
  ];
  if (r.built) {
    const ok = r.built.trainable === t.trainable && r.built.nonTrainable === t.nonTrainable;
    lines.push(
      `  built:    trainable ${fmt(r.built.trainable)}, non-trainable ${fmt(r.built.nonTrainable)}, output [${r.built.outputShape.map(String).join(', ')}] ${ok ? '(matches)' : '(MISMATCH)'}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function catalogText(rows: ZooRow[]): string {
  const head = [['arch', 'label', 'params (1000 cls)', 'units', 'input', 'top-1 (timm)']];
  const body = rows.map((r) => [
    r.id,
    r.label,
    fmt(r.params1000),
    String(r.units),
    String(r.inputSize),
    r.top1.toFixed(3),
  ]);
  return `${pad([...head, ...body], 2)}\n`;
}

/**
 * Runs `chextransfer zoo`.
 * @param args flags after the subcommand
 * @param io output streams
 * @returns exit code (0; usage errors are thrown as UsageError, 1 if --build disagrees)
 */
export async function run(args: readonly string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        arch: { type: 'string' },
        classes: { type: 'string' },
        remove: { type: 'string' },
        input: { type: 'string' },
        build: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  if (values.arch === undefined) {
    if (values.build) throw new UsageError('--build needs --arch');
    const rows = catalogRows();
    io.out(values.json ? `${JSON.stringify(rows, null, 2)}\n` : catalogText(rows));
    return 0;
  }
  let arch;
  try {
    arch = getArch(values.arch);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const report = await archReport(arch.id, {
    classes: int(values.classes, '--classes', 1, 5),
    remove: int(values.remove, '--remove', 0, 0),
    input: int(values.input, '--input', 32, arch.meta.inputSize),
    build: values.build,
  });
  io.out(values.json ? `${JSON.stringify(report, null, 2)}\n` : archText(report));
  const b = report.built;
  return b &&
    (b.trainable !== report.truncated.trainable || b.nonTrainable !== report.truncated.nonTrainable)
    ? 1
    : 0;
}
