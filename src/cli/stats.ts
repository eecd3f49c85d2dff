/**
 * `chextransfer stats --csv FILE --x COL --y COL [--group COL [--paper COL]] [--log-x] [--seed N] [--resamples N] [--json]`
 * Prints, as JSON, the same statistics the explorer shows (src/study/stats); with --group, also
 * the random-effects pooled Spearman ρ across independent papers (statsPooled.ts).
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
import { FIELLER_NUMERATOR, MIN_META_N, MIN_PAPERS } from '../study/stats/meta.ts';
import type { Io } from './command.ts';
import { UsageError } from './command.ts';
import type { PooledSummary } from './statsPooled.ts';
import { papersOfGroups, pooledOf } from './statsPooled.ts';

export type { PooledSummary } from './statsPooled.ts';

const HELP = `usage: chextransfer stats --csv FILE --x COL --y COL [--group COL [--paper COL]] [--log-x] [--seed N] [--resamples N] [--json]

Spearman (exact p for n <= 9), Kendall tau-b, Pearson, least-squares fit and a seeded percentile
bootstrap CI of Spearman's rho, for columns x and y of a CSV with a header row. Rows where x or y is
not a number (or x <= 0 with --log-x) are skipped and counted in "skipped".
With --group (e.g. one group per study): "groups" holds one result per value of that column,
"all" the rows together, and "pooled" a random-effects meta-analysis of the groups' Spearman rho
across independent papers: --paper names the column that says which paper each group comes from
(without it, each group is its own paper); groups of one paper are combined first (mean Fisher z,
mean variance ${FIELLER_NUMERATOR}/(n-3)); across k papers, DerSimonian-Laird tau2 and a
Hartung-Knapp-Sidik-Jonkman 95% CI (t with k-1 df), back-transformed with tanh, and I2. Below
${MIN_PAPERS} papers "rho" and "ci" are null and "reason" says why. Groups with n < ${MIN_META_N} or
rho undefined or +-1 are listed under "excluded".
Output is JSON (--json says so explicitly). Defaults: --seed 1, --resamples 2000.
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

/** What `stats --group` prints. */
export interface GroupedStats {
  groups: Record<string, StatsSummary>;
  all: StatsSummary;
  pooled: PooledSummary;
}

/** Options of computeStats, as parsed from the flags. */
export interface StatsOptions {
  x: string;
  y: string;
  group?: string;
  /** The column naming each group's paper; without it, each group is its own paper. */
  paper?: string;
  logX?: boolean;
  seed?: number;
  resamples?: number;
}

/**
 * Computes the summary for rows of a parsed CSV.
 * @param rows header-keyed rows
 * @param opts column names and options (columns must exist; see runStats for the check)
 * @returns one summary, or per group with 'all' and the pooled estimate when opts.group is set
 */
export function computeStats(
  rows: readonly Record<string, string>[],
  opts: StatsOptions,
): StatsSummary | GroupedStats {
  if (opts.group === undefined) return summarise(rows, opts);
  const byGroup = new Map<string, Record<string, string>[]>();
  for (const row of rows) {
    const g = row[opts.group] ?? '';
    byGroup.set(g, [...(byGroup.get(g) ?? []), row]);
  }
  const groups: Record<string, StatsSummary> = {};
  for (const [g, groupRows] of byGroup) groups[g] = summarise(groupRows, opts);
  const pooled = pooledOf(
    Object.entries(groups).map(([group, s]) => ({ group, rho: s.spearman.rho, n: s.n })),
    papersOfGroups(rows, opts.group, opts.paper),
  );
  return { groups, all: summarise(rows, opts), pooled };
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
  paper: { type: 'string' },
  'log-x': { type: 'boolean', default: false },
  seed: { type: 'string' },
  resamples: { type: 'string' },
  // JSON is the only output; the flag lets scripts say so.
  json: { type: 'boolean', default: false },
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
  if (values.paper !== undefined && values.group === undefined)
    throw new UsageError(`--paper needs --group: papers are read per group\n\n${HELP}`);
  for (const col of [values.x, values.y, values.group, values.paper]) {
    if (col !== undefined && !columns.includes(col)) {
      throw new UsageError(`no column '${col}' in ${values.csv}; available: ${columns.join(', ')}`);
    }
  }
  const opts: StatsOptions = { x: values.x, y: values.y, logX: values['log-x'] };
  if (values.group !== undefined) opts.group = values.group;
  if (values.paper !== undefined) opts.paper = values.paper;
  const seed = positiveInt(values.seed, 'seed');
  if (seed !== undefined) opts.seed = seed;
  const resamples = positiveInt(values.resamples, 'resamples');
  if (resamples !== undefined) opts.resamples = resamples;
  io.out(`${JSON.stringify(computeStats(parsed.data, opts), null, 2)}\n`);
  return 0;
}
