/**
 * End to end on a real SLURM cluster: scripts/slurm/local-cluster.sh starts munged, slurmctld
 * and slurmd on localhost (root, no systemd, free ports) and stops them by PID afterwards, even
 * when a test fails. Runs when sbatch, slurmctld, slurmd and munged are installed and we are root
 * (CI: .ci/run installs slurm-wlm and munge); otherwise skipped, and says so.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_GRID } from '../grid/examples.ts';
import { parseResultsFile } from '../study/importResults.ts';
import type { RunRecord } from '../study/runs.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLUSTER = path.join(ROOT, 'scripts/slurm/local-cluster.sh');
const CLI = path.join(ROOT, 'bin/chextransfer.mjs');

const has = (tool: string): boolean => {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const available =
  process.platform === 'linux' &&
  process.getuid?.() === 0 &&
  ['sbatch', 'slurmctld', 'slurmd', 'munged', 'scontrol'].every(has);
if (!available)
  console.warn('SLURM cluster test skipped: needs root and Debian slurm-wlm + munge installed');

let state = '';
let env: NodeJS.ProcessEnv = {};

/** Everything that helps when the cluster test fails: daemon logs and the jobs' own output. */
function diagnose(out: string): string {
  const parts = [execFileSync(CLUSTER, ['logs', state], { encoding: 'utf8' })];
  for (const dir of ['slurm', 'logs']) {
    const folder = path.join(out, dir);
    if (!existsSync(folder)) continue;
    for (const f of execFileSync('ls', [folder], { encoding: 'utf8' }).split('\n').filter(Boolean))
      parts.push(
        `===== ${folder}/${f}\n${readFileSync(path.join(folder, f), 'utf8').slice(-4000)}`,
      );
  }
  return parts.join('\n');
}

/** Runs the command line as a child process (the same `node` as the tests). */
function cli(
  args: readonly string[],
  onSpawn?: () => void,
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, cwd: ROOT });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
    onSpawn?.();
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ms: number, test: () => boolean): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
    await sleep(200);
  }
}

describe.skipIf(!available)('SLURM job array on a local cluster', () => {
  beforeAll(() => {
    // Under /tmp: munged drops to the munge user, which cannot reach /root.
    state = mkdtempSync(path.join(tmpdir(), 'chextransfer-slurm-'));
    const started = execFileSync(CLUSTER, ['start', state], { encoding: 'utf8', timeout: 120_000 });
    const conf = /SLURM_CONF=(\S+)/.exec(started)?.[1];
    if (!conf) throw new Error(`the cluster did not start:\n${started}`);
    env = { ...process.env, SLURM_CONF: conf };
  }, 180_000);

  afterAll(() => {
    if (state === '') return;
    execFileSync(CLUSTER, ['stop', state], { stdio: 'inherit', timeout: 60_000 });
    rmSync(state, { recursive: true, force: true });
  }, 90_000);

  it('runs the tiny grid with --submit --wait; a task requeued mid-run resumes and ends as an uninterrupted run', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'chextransfer-grid-'));
    const out = path.join(work, 'out');
    const spec = path.join(work, 'tiny.json');
    writeFileSync(spec, JSON.stringify(TINY_GRID));
    try {
      const running = cli(['slurm', spec, '--out', out, '--submit', '--wait']);
      const checkpoint = path.join(out, 'checkpoints', '0.safetensors');
      await until('task 0 to write its first checkpoint', 600_000, () => existsSync(checkpoint));
      expect(existsSync(path.join(out, 'tasks', '0.json'))).toBe(false); // still mid-run
      const jobs = JSON.parse(readFileSync(path.join(out, 'slurm', 'jobs.json'), 'utf8')) as {
        grid: string;
      };
      execFileSync('scontrol', ['requeue', `${jobs.grid}_0`], { env });
      const { code, out: stdout, err } = await running;
      expect(code, err).toBe(0);
      expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '')).toEqual({
        tasks: 4,
        done: 4,
        failed: 0,
        missing: 0,
      });
      const records = [0, 1, 2, 3].map(
        (i) => JSON.parse(readFileSync(path.join(out, 'tasks', `${i}.json`), 'utf8')) as RunRecord,
      );
      expect(records.map((r) => [r.arch, r.seed, r.epochs])).toEqual([
        ['resnet18', 0, 3],
        ['resnet18', 1, 3],
        ['densenet121', 0, 3],
        ['densenet121', 1, 3],
      ]);
      const imported = parseResultsFile(
        readFileSync(path.join(out, 'runs.json'), 'utf8'),
        'runs.json',
      );
      if (!imported.ok) throw new Error(imported.errors.map((e) => e.message).join('; '));
      expect(imported.study.title).toBe('Grid: tiny');
      expect(imported.study.results.map((r) => [r.arch, r.n])).toEqual([
        ['resnet18', 2],
        ['densenet121', 2],
      ]);
      const log = readFileSync(path.join(out, 'logs', '0.log'), 'utf8');
      expect(log).toMatch(/resuming after epoch [12] from the checkpoint/);
      // The same task, uninterrupted, outside SLURM.
      const ref = path.join(work, 'ref');
      const direct = await cli([
        'run',
        '--grid',
        path.join(out, 'grid.json'),
        '--index',
        '0',
        '--out',
        ref,
      ]);
      expect(direct.code, direct.err).toBe(0);
      const whole = JSON.parse(
        readFileSync(path.join(ref, 'tasks', '0.json'), 'utf8'),
      ) as RunRecord;
      expect(records[0]?.meanAuc).toBe(whole.meanAuc);
      expect(records[0]?.perTaskAuc).toEqual(whole.perTaskAuc);
      expect(records[0]?.history.map((h) => h.trainLoss)).toEqual(
        whole.history.map((h) => h.trainLoss),
      );
    } catch (e) {
      console.error(diagnose(out));
      throw e;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 1_200_000);

  it('reports failed tasks: the collect job still runs (afterany) and --wait exits 1', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'chextransfer-grid-'));
    const out = path.join(work, 'out');
    const spec = path.join(work, 'broken.json');
    const missing = { kind: 'chexpert', path: path.join(work, 'no-such-folder') };
    writeFileSync(
      spec,
      JSON.stringify({
        ...TINY_GRID,
        name: 'broken',
        architectures: ['resnet18'],
        dataset: missing,
      }),
    );
    try {
      const { code, out: stdout } = await cli(['slurm', spec, '--out', out, '--submit', '--wait']);
      expect(code).toBe(1);
      expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '')).toEqual({
        tasks: 2,
        done: 0,
        failed: 2,
        missing: 0,
      });
      expect(readFileSync(path.join(out, 'slurm', 'collect.out'), 'utf8')).toMatch(/"failed":2/);
      const error = JSON.parse(readFileSync(path.join(out, 'tasks', '0.error.json'), 'utf8')) as {
        message: string;
      };
      expect(error.message).toMatch(/no-such-folder does not exist/);
    } catch (e) {
      console.error(diagnose(out));
      throw e;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 600_000);
});
