/**
 * The two rewrites of tfjs-backend-wasm, checked against the installed package: if an upgrade
 * changes the code they expect, these fail (and so would the build), rather than shipping a
 * threaded backend that crashes once minified or ignores the thread count.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countLogicalCores, rewriteThreadedFactory } from './tfjsThreads.ts';

const require = createRequire(import.meta.url);
const pkg = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
const backendSource = readFileSync(join(pkg, 'dist/backend_wasm.js'), 'utf8');
const glueSource = readFileSync(join(pkg, 'wasm-out/tfjs-backend-wasm-threaded-simd.js'), 'utf8');

describe('tfjs threaded WASM rewrites', () => {
  it('hands pthreads the prebuilt script by absolute URL, not the bundled function text', () => {
    const out = rewriteThreadedFactory(backendSource);
    expect(out).not.toContain('wasmFactoryThreadedSimd.toString()');
    expect(out).toMatch(
      /^import __chextransferThreadedSimdUrl from '@tensorflow\/tfjs-backend-wasm\/wasm-out\/tfjs-backend-wasm-threaded-simd\.js\?url';/,
    );
    expect(out).toContain(
      'factoryConfig.mainScriptUrlOrBlob = new URL(__chextransferThreadedSimdUrl, self.location.href).href;',
    );
    // Everything else is the package's code, unchanged.
    expect(out.split('\n').length).toBe(backendSource.split('\n').length);
  });

  it('makes the glue report twice navigator.hardwareConcurrency, once', () => {
    const out = countLogicalCores(glueSource);
    expect(out.match(/2\*navigator\["hardwareConcurrency"\]/g)).toHaveLength(1);
    expect(out.length).toBe(glueSource.length + 2);
  });

  it('refuses code it does not recognise', () => {
    expect(() => rewriteThreadedFactory('export const x = 1;')).toThrow(/re-check/);
    expect(() => countLogicalCores('function f(){return 1}')).toThrow(/re-check/);
  });
});
