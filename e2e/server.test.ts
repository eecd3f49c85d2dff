/**
 * `npm test` keeps to itself while `npm start` is serving (issue 18.7): a decoy server stands in
 * for the person's own (on 4173 when that port is free here, and on a random port), and the
 * checks are that the browser tests pick another port, serve dist-test/ there, refuse rather than
 * reuse a server already on their port, and that nothing in the `npm test` chain builds into
 * dist/. (e2e/standalone.spec.ts checks, inside the browser run, what is actually served.)
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIST, freePort } from './server.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const run = promisify(execFile);

/** A decoy "npm start": an HTML page whose script, if a browser ever loaded it, is requested. */
interface Decoy {
  readonly server: Server;
  readonly port: number;
  readonly requests: string[];
}

async function decoy(port: number): Promise<Decoy | null> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    res.setHeader('content-type', 'text/html');
    res.end('<!doctype html><title>decoy</title><script src="/decoy.js"></script>');
  });
  const bound = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (!bound) return null;
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : port, requests };
}

/** The Playwright config as a fresh process loads it, with no port chosen beforehand. */
async function loadConfig(): Promise<{ baseURL: string; webServer: Record<string, unknown> }> {
  const script = `const { default: c } = await import('./playwright.config.ts');
    console.log(JSON.stringify({ baseURL: c.use.baseURL, webServer: c.webServer, dist: process.env.CHEXTRANSFER_DIST }));`;
  const env = { ...process.env, E2E_PORT: '' };
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    {
      cwd: ROOT,
      env,
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
    baseURL: string;
    webServer: Record<string, unknown>;
  };
}

const decoys: Decoy[] = [];
beforeAll(async () => {
  // 4173 may already be taken (a real `npm start`): then that server is the decoy's stand-in.
  for (const port of [4173, 0]) {
    const d = await decoy(port);
    if (d) decoys.push(d);
  }
});
afterAll(() => {
  for (const d of decoys) d.server.close();
});

describe('npm test beside a running npm start', () => {
  it('picks ports that are neither 4173 nor held by a running server', async () => {
    const held = [4173, ...decoys.map((d) => d.port)];
    for (let i = 0; i < 20; i++) expect(held).not.toContain(await freePort());
  });

  it('the Playwright config serves dist-test/ on its own port and never reuses a server', async () => {
    const config = await loadConfig();
    const port = Number(new URL(config.baseURL).port);
    expect([4173, ...decoys.map((d) => d.port)]).not.toContain(port);
    expect(config.webServer['reuseExistingServer']).toBe(false);
    expect(config.webServer['url']).toBe(config.baseURL);
    expect(config.webServer['command']).toMatch(
      new RegExp(`preview --outDir dist-test --port ${port} --strictPort\\b`),
    );
    expect((config as unknown as { dist: string }).dist).toBe(TEST_DIST);
  });

  it('with its port taken, the browser run stops rather than test that server', async () => {
    const taken = decoys.at(-1);
    if (!taken) throw new Error('no decoy server could listen');
    const outcome = await run(
      process.execPath,
      ['node_modules/@playwright/test/cli.js', 'test', 'e2e/standalone.spec.ts', '--reporter=line'],
      { cwd: ROOT, env: { ...process.env, E2E_PORT: String(taken.port), CI: '' }, timeout: 60_000 },
    ).then(
      () => ({ code: 0, text: '' }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({
        code: error.code ?? 1,
        text: `${error.stdout ?? ''}${error.stderr ?? ''}`,
      }),
    );
    expect(outcome.code).not.toBe(0);
    expect(outcome.text).toMatch(/is already used/);
    // Playwright only probed the address; no browser ever loaded the decoy's page.
    expect(taken.requests).not.toContain('/decoy.js');
  }, 60_000);

  it('nothing in the npm test chain builds into dist/', () => {
    const { scripts } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const chain = (name: string): string[] => {
      const body = scripts[name] ?? '';
      const called = [...body.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1] ?? '');
      return [body, ...called.flatMap(chain)];
    };
    const builds = chain('test').flatMap((body) =>
      body.split('&&').filter((step) => /vite(\.js)? build/.test(step)),
    );
    expect(builds.length).toBeGreaterThan(0);
    for (const step of builds) expect(step).toMatch(/--outDir dist-test\b/);
  });
});
