/**
 * `chextransfer stats --csv FILE --x COL --y COL [--group COL [--paper COL]] [--log-x] [--seed N] [--resamples N] [--json]`
 * Prints, as JSON, the same statistics the explorer shows (src/study/stats); with --group, also
 * the random-effects pooled Spearman ρ across independent papers (statsPooled.ts).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { RefusalError } from '../refusal/refusal.ts';
import { CSV_LIMITS, fieldCountErrors, keyed, readCsvTable } from '../study/csvTable.ts';
import { parseDecimal } from '../study/decimal.ts';
import { importRefusal } from '../study/importColumns.ts';
import { BOOTSTRAP_LIMITS } from '../study/stats/bootstrap.ts';
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
import { readUserFileSync } from './userFile.ts';

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
Output is JSON (--json says so explicitly). Defaults: --seed 1, --resamples 2000; on large n the
bootstraps draw at most ${BOOTSTRAP_LIMITS.draws.value.toExponential(0)} pairs in all (with --group: half for all rows, half
shared by the groups; never fewer than ${BOOTSTRAP_LIMITS.minResamples.value} resamples): "requested" and "drawn" say.
Numbers are decimal (0.81, 1e-3; not 0x10). A CSV with a broken quote or a row of the wrong width is
refused (exit 2) with its rows.
`;

/** What `stats` prints for one set of rows; NaN is printed as null. */
export interface StatsSummary {
  n: number;
  skipped: number;
  spearman: { rho: number; p: number; method: string };
  kendall: { tau: number; p: number };
  pearson: { r: number; p: number };
  fit: { slope: number; intercept: number; r2: number };
  /** resamples: usable ones; drawn: after the work cap; requested: --resamples. */
  bootstrap: {
    lo: number;
    hi: number;
    resamples: number;
    drawn: number;
    requested: number;
    seed: number;
  };
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
  // One work budget for the whole command: half for all rows, half shared by the groups in
  // proportion to their rows (so every bootstrap gets the same resample count).
  const budget = BOOTSTRAP_LIMITS.draws.value;
  if (opts.group === undefined) return summarise(rows, opts, budget);
  // One pass; a Map and a null-prototype result, so a group may be named anything (`__proto__`).
  const byGroup = new Map<string, Record<string, string>[]>();
  for (const row of rows) {
    const g = row[opts.group] ?? '';
    const list = byGroup.get(g);
    if (list === undefined) byGroup.set(g, [row]);
    else list.push(row);
  }
  const groups = Object.create(null) as Record<string, StatsSummary>;
  for (const [g, groupRows] of byGroup)
    groups[g] = summarise(groupRows, opts, (budget / 2) * (groupRows.length / rows.length));
  const pooled = pooledOf(
    Object.entries(groups).map(([group, s]) => ({ group, rho: s.spearman.rho, n: s.n })),
    papersOfGroups(rows, opts.group, opts.paper),
  );
  return { groups, all: summarise(rows, opts, budget / 2), pooled };
}

function summarise(
  rows: readonly Record<string, string>[],
  opts: StatsOptions,
  maxDraws: number,
): StatsSummary {
  const xs: number[] = [];
  const ys: number[] = [];
  let skipped = 0;
  for (const row of rows) {
    const xText = (row[opts.x] ?? '').trim();
    const yText = (row[opts.y] ?? '').trim();
    let x = parseDecimal(xText);
    const y = parseDecimal(yText);
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
  const b = bootstrapSpearmanCi(xs, ys, { seed, resamples: opts.resamples ?? 2000, maxDraws });
  return {
    n: xs.length,
    skipped,
    spearman: { rho: s.value, p: s.p, method: s.method },
    kendall: { tau: k.value, p: k.p },
    pearson: { r: p.value, p: p.p },
    fit: { slope: f.slope, intercept: f.intercept, r2: f.r2 },
    bootstrap: {
      lo: b.lo,
      hi: b.hi,
      resamples: b.resamples,
      drawn: b.drawn,
      requested: b.requested,
      seed,
    },
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
 * Reads the CSV: a regular file within the CSV budget, every parse problem refused with its row
 * (the import panel's sentence), rows keyed by column in null-prototype objects.
 * @param file the --csv path
 * @returns the columns and rows
 * @throws UserFileError for a file that is not a regular file or too large; RefusalError
 *   'import-refused' (bad input, exit 2) for a broken quote or a row of the wrong width
 */
function readRows(file: string): { columns: string[]; rows: Record<string, string>[] } {
  const bytes = readUserFileSync(file, { what: '--csv', maxBytes: CSV_LIMITS.fileBytes.value });
  const table = readCsvTable(new TextDecoder().decode(bytes));
  const problems = [...table.errors, ...fieldCountErrors(table)].sort((a, b) => a.row - b.row);
  if (problems.length > 0) {
    const r = importRefusal(
      path.basename(file),
      problems.map((p) => ({ row: p.row, column: null, message: p.message })),
    );
    throw new RefusalError(r.kind, r.code, r.sentence, { detail: r.detail });
  }
  return {
    columns: table.header.filter((c) => c !== ''),
    rows: table.rows.map((r) => keyed(table.header, r.cells)),
  };
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
  const rows = readRows(values.csv);
  const columns = rows.columns;
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
  io.out(`${JSON.stringify(computeStats(rows.rows, opts), null, 2)}\n`);
  return 0;
}
