/**
 * `chextransfer stats --csv FILE --x COL --y COL [--group COL] [--log-x] [--seed N] [--resamples N]`
 * Prints, as JSON, the same statistics the explorer shows (src/study/stats).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import Papa from 'papaparse';
import {
  bootstrapSpearmanCi,
  kendallTauB,
  linearFit,
  pearson,
  spearman,
} from '../study/stats/index.ts';
import type { Io } from './command.ts';
import { UsageError } from './command.ts';

const HELP = `usage: chextransfer stats --csv FILE --x COL --y COL [--group COL] [--log-x] [--seed N] [--resamples N]

Spearman (exact p for n <= 9), Kendall tau-b, Pearson, least-squares fit and a seeded percentile
bootstrap CI of Spearman's rho, for columns x and y of a CSV with a header row. Rows where x or y is
not a number (or x <= 0 with --log-x) are skipped and counted in "skipped". With --group, one
result per value of that column plus "all". Defaults: --seed 1, --resamples 2000.
`;

/** What `stats` prints for one set of rows; NaN is printed as null. */
export interface StatsSummary {
  n: number;
  skipped: number;
  spearman: { rho: number; p: number; method: string };
  kendall: { tau: number; p: number };
  pearson: { r: number; p: number };
  fit: { slope: number; intercept: number; r2: number };
  bootstrap: { lo: number; hi: number; resamples: number; seed: number };
}

/** Options of computeStats, as parsed from the flags. */
export interface StatsOptions {
  x: string;
  y: string;
  group?: string;
  logX?: boolean;
  seed?: number;
  resamples?: number;
}

/**
 * Computes the summary for rows of a parsed CSV.
 * @param rows header-keyed rows
 * @param opts column names and options (columns must exist; see runStats for the check)
 * @returns one summary, or one per group plus 'all' when opts.group is set
 */
export function computeStats(
  rows: readonly Record<string, string>[],
  opts: StatsOptions,
): StatsSummary | Record<string, StatsSummary> {
  if (opts.group === undefined) return summarise(rows, opts);
  const groups = new Map<string, Record<string, string>[]>();
  for (const row of rows) {
    const g = row[opts.group] ?? '';
    groups.set(g, [...(groups.get(g) ?? []), row]);
  }
  const out: Record<string, StatsSummary> = {};
  for (const [g, groupRows] of groups) out[g] = summarise(groupRows, opts);
  out.all = summarise(rows, opts);
  return out;
}

function summarise(rows: readonly Record<string, string>[], opts: StatsOptions): StatsSummary {
  const xs: number[] = [];
  const ys: number[] = [];
  let skipped = 0;
  for (const row of rows) {
    const xText = (row[opts.x] ?? '').trim();
    const yText = (row[opts.y] ?? '').trim();
    let x = xText === '' ? NaN : Number(xText);
    const y = yText === '' ? NaN : Number(yText);
    if (opts.logX) x = x > 0 ? Math.log10(x) : NaN;
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      skipped += 1;
      continue;
    }
    xs.push(x);
    ys.push(y);
  }
  const seed = opts.seed ?? 1;
  const s = spearman(xs, ys);
  const k = kendallTauB(xs, ys);
  const p = pearson(xs, ys);
  const f = linearFit(xs, ys);
  const b = bootstrapSpearmanCi(xs, ys, { seed, resamples: opts.resamples ?? 2000 });
  return {
    n: xs.length,
    skipped,
    spearman: { rho: s.value, p: s.p, method: s.method },
    kendall: { tau: k.value, p: k.p },
    pearson: { r: p.value, p: p.p },
    fit: { slope: f.slope, intercept: f.intercept, r2: f.r2 },
    bootstrap: { lo: b.lo, hi: b.hi, resamples: b.resamples, seed },
  };
}

function positiveInt(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!Number.isInteger(v) || v < 0)
    throw new UsageError(`--${flag} must be a whole number >= 0, got '${text}'`);
  return v;
}

const FLAGS = {
  csv: { type: 'string' },
  x: { type: 'string' },
  y: { type: 'string' },
  group: { type: 'string' },
  'log-x': { type: 'boolean', default: false },
  seed: { type: 'string' },
  resamples: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** util.parseArgs with its TypeError (ERR_PARSE_ARGS_*) for unknown or malformed flags turned into a UsageError. */
function parseFlags(args: readonly string[]) {
  try {
    return parseArgs({ args: [...args], options: FLAGS, strict: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${HELP}`);
  }
}

/**
 * Parses flags, reads the CSV and prints the JSON summary.
 * @param args arguments after `stats`
 * @param io output streams
 * @returns exit code 0 (errors throw UsageError, which main turns into exit code 2)
 */
export async function run(args: readonly string[], io: Io): Promise<number> {
  const { values } = parseFlags(args);
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  if (!values.csv || !values.x || !values.y)
    throw new UsageError(`--csv, --x and --y are required\n\n${HELP}`);
  let text: string;
  try {
    text = readFileSync(values.csv, 'utf8');
  } catch (e) {
    throw new UsageError(
      `cannot read '${values.csv}': ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
    );
  }
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim(),
  });
  const columns = parsed.meta.fields ?? [];
  for (const col of [values.x, values.y, values.group]) {
    if (col !== undefined && !columns.includes(col)) {
      throw new UsageError(`no column '${col}' in ${values.csv}; available: ${columns.join(', ')}`);
    }
  }
  const opts: StatsOptions = { x: values.x, y: values.y, logX: values['log-x'] };
  if (values.group !== undefined) opts.group = values.group;
  const seed = positiveInt(values.seed, 'seed');
  if (seed !== undefined) opts.seed = seed;
  const resamples = positiveInt(values.resamples, 'resamples');
  if (resamples !== undefined) opts.resamples = resamples;
  io.out(`${JSON.stringify(computeStats(parsed.data, opts), null, 2)}\n`);
  return 0;
}
