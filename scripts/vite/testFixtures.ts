/**
 * Test-only weight files, generated at build time (`vite build --mode test`) and served by
 * `vite preview` under /test-fixtures/: nothing is committed and nothing is downloaded.
 *
 * Imports only pure modules (no '@tensorflow/*'): the synthetic generator and the writer.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { syntheticStateDict } from '../../src/zoo/weights/synthetic.ts';
import { writeSafetensors } from '../../src/zoo/weights/safetensorsWrite.ts';

/** The fixture's model: resnet18 with 6 of its 8 units removed (stem + layer1.0, layer1.1). */
export const FIXTURE_ARCH = 'resnet18';
export const FIXTURE_UNITS_REMOVED = 6;
/** Served paths (relative to the site root). */
export const FIXTURE_FILE = 'test-fixtures/resnet18-k6.timm.safetensors';
export const WRONG_FIXTURE_FILE = 'test-fixtures/densenet121-stem.timm.safetensors';

/**
 * The timm tensors of an architecture whose key starts with one of the prefixes.
 * @param arch architecture id
 * @param prefixes key prefixes to keep (e.g. 'layer1.')
 * @returns the safetensors bytes (with `__metadata__.format = 'pt'`, as timm writes)
 */
export function syntheticSubset(arch: string, prefixes: readonly string[]): Uint8Array {
  const tensors = syntheticStateDict(arch, 'timm').filter((t) =>
    prefixes.some((p) => t.name.startsWith(p)),
  );
  return writeSafetensors(tensors, { format: 'pt' });
}

/**
 * @returns the fixture files: (a) the kept units of resnet18 plus its first removed unit
 *   (layer2.0, which the loader must skip as removed by truncation) and no classifier, and
 *   (b) a densenet121 stem and first dense layer (a wrong file for resnet18)
 */
export function fixtureFiles(): { fileName: string; source: Uint8Array }[] {
  return [
    {
      fileName: FIXTURE_FILE,
      source: syntheticSubset(FIXTURE_ARCH, ['conv1.', 'bn1.', 'layer1.', 'layer2.0.']),
    },
    {
      fileName: WRONG_FIXTURE_FILE,
      source: syntheticSubset('densenet121', [
        'features.conv0.',
        'features.norm0.',
        'features.denseblock1.denselayer1.',
      ]),
    },
  ];
}

/**
 * Vite plugin: emits the fixture files as build assets. Add it only when `mode === 'test'`.
 * @returns the plugin
 */
export function testWeightsFixtures(): Plugin {
  return {
    name: 'chextransfer-test-weights-fixtures',
    apply: 'build',
    generateBundle() {
      for (const { fileName, source } of fixtureFiles())
        this.emitFile({ type: 'asset', fileName, source });
    },
  };
}

/** Served by `vite preview` next to a test build only: a download slow enough to cancel. */
export const SLOW_FIXTURE_FILE = 'test-fixtures/slow.safetensors';
export const SLOW_BYTES = 4_000_000;
const SLOW_CHUNK = 64_000;
const SLOW_INTERVAL_MS = 100;

/**
 * Vite plugin for `vite preview`: answers `/test-fixtures/slow.safetensors` with 4 MB of zeros
 * trickled at 640 kB/s (Content-Length set, so progress has a total), when the served build is
 * a test build (it has a test-fixtures folder). Used to test progress and Cancel.
 * @returns the plugin
 */
export function slowTestDownload(): Plugin {
  return {
    name: 'chextransfer-slow-test-download',
    configurePreviewServer(server) {
      const isTestBuild = existsSync(
        resolve(server.config.root, server.config.build.outDir, 'test-fixtures'),
      );
      if (!isTestBuild) return;
      server.middlewares.use(`/${SLOW_FIXTURE_FILE}`, (req, res) => {
        res.setHeader('content-type', 'application/octet-stream');
        res.setHeader('content-length', String(SLOW_BYTES));
        if (req.method === 'HEAD') return void res.end();
        let sent = 0;
        const timer = setInterval(() => {
          const n = Math.min(SLOW_CHUNK, SLOW_BYTES - sent);
          res.write(new Uint8Array(n));
          sent += n;
          if (sent >= SLOW_BYTES) {
            clearInterval(timer);
            res.end();
          }
        }, SLOW_INTERVAL_MS);
        req.on('close', () => clearInterval(timer));
      });
    },
  };
}
