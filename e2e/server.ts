/**
 * Where the browser tests' own server lives: a build folder and a port that belong to `npm test`
 * alone, so a running `npm start` (dist/, port 4173) is never reused, never overwritten.
 * The port is picked once by the Playwright process that loads the config and handed to its
 * workers (and the CLI runs the specs start) through the environment.
 */
import { createServer } from 'node:net';
import path from 'node:path';

/** The test build's folder: `npm run test:e2e` builds here, never into the user's dist/. */
export const TEST_DIST = path.resolve(import.meta.dirname, '..', 'dist-test');

/** @returns a TCP port that was free on 127.0.0.1 a moment ago */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * @returns the port this test run serves on: E2E_PORT when set (a worker, or a caller that chose),
 *   else a fresh free port, recorded in E2E_PORT for the workers
 */
export async function testPort(): Promise<number> {
  const given = Number(process.env['E2E_PORT']);
  if (Number.isInteger(given) && given > 0) return given;
  const port = await freePort();
  process.env['E2E_PORT'] = String(port);
  return port;
}
