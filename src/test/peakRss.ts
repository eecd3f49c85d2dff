/**
 * Runs the command line in a child process (src/test/cliPeak.mjs) and reads back its peak
 * resident set, so a test can bound what one command costs in memory (Node only).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNNER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cliPeak.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'cli-peak-'));
let runs = 0;

/** What one command did. */
export interface MeasuredRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Peak resident set of the child (bytes), or NaN when it did not report (killed). */
  readonly peak: number;
  readonly seconds: number;
}

/**
 * @param args the command line after `chextransfer`
 * @param timeoutMs the child is killed after this
 * @returns exit status, output, peak resident set and wall time
 */
export function runCliMeasured(args: readonly string[], timeoutMs = 120_000): MeasuredRun {
  const file = path.join(dir, `peak-${runs++}.json`);
  const t0 = performance.now();
  const res = spawnSync(process.execPath, [RUNNER, ...args], {
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, CHEXTRANSFER_PEAK_FILE: file },
  });
  const seconds = (performance.now() - t0) / 1000;
  let peak = NaN;
  try {
    peak = (JSON.parse(readFileSync(file, 'utf8')) as { peak: number }).peak;
  } catch {
    // killed before it could report: the caller sees status null
  }
  return { status: res.status, stdout: res.stdout, stderr: res.stderr, peak, seconds };
}
