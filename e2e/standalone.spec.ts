/**
 * Inside the browser run: the app under test is the test build from dist-test/, served on the
 * run's own port, not whatever a person's `npm start` serves on 4173 (e2e/server.test.ts checks
 * the same from outside, with a decoy server).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures.ts';
import { TEST_DIST } from './server.ts';

test('the browser tests load the test build from dist-test/ on their own port', async ({
  page,
  baseURL,
}) => {
  expect(new URL(baseURL ?? '').port).not.toBe('4173');
  const served = await (await page.request.get('/')).text();
  expect(served).toBe(readFileSync(path.join(TEST_DIST, 'index.html'), 'utf8'));
  await page.goto('/');
  // Only a test build has the test API.
  expect(await page.evaluate(() => typeof window.__explorer)).toBe('object');
});
