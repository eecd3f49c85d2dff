/**
 * Shared plumbing for the browser benchmarks: build the app in test mode, serve it with
 * `vite preview`, and drive Debian's Chromium with Playwright (never a downloaded browser).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/chromium.ts';

export const PREVIEW_PORT = Number(process.env.BENCH_PORT ?? 4180);
export const BASE_URL = `http://127.0.0.1:${PREVIEW_PORT}`;

/**
 * @param command the command line to run
 * @returns its exit code
 */
export function run(command: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: 'inherit' });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

/** Starts `vite preview` and resolves once it answers. */
export async function startPreview(): Promise<ChildProcess> {
  // Vite itself, not `npx vite`: killing npx left its vite child serving the port.
  const child = spawn(
    process.execPath,
    [
      'node_modules/vite/bin/vite.js',
      ...['preview', '--port', String(PREVIEW_PORT), '--strictPort', '--host', '127.0.0.1'],
    ],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(BASE_URL);
      if (response.ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill();
  throw new Error(`vite preview did not answer on ${BASE_URL}`);
}

/** @returns Debian's Chromium (or CHROMIUM_PATH) launched headless with the project's flags */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
}

/**
 * @param values samples
 * @returns the median (mean of the middle two for an even count)
 */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}
