import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { XRAYS_DIR } from '../test/testData.ts';
import {
  readTorchFixture,
  rebuildBigFixture,
  TORCH_FIXTURES,
  xrvSyntheticInput,
} from '../test/torchFixtures.ts';
import { main } from './main.ts';
import { captureIo } from './testing/captureIo.ts';
import { writeNpy } from './npy.ts';
import type { TorchPredictResult } from './predictTorchReport.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'predict-torch-'));
const file = (name: string, bytes: Uint8Array): string => {
  const p = path.join(dir, name);
  writeFileSync(p, bytes);
  return p;
};
const CHEX = 'chex-densenet121-d121-tw-lr001-rot45-tr15-sc15-seed0-best.pt';
const { bytes, facts } = rebuildBigFixture('xrv_densenet121_module_legacy');
const PUBLISHED = file(CHEX, bytes);
const RENAMED = file('my-densenet.pt', bytes);
const NPY = file('in224.npy', writeNpy({ shape: [1, 1, 224, 224], data: xrvSyntheticInput(224) }));

async function json(args: string[]): Promise<TorchPredictResult> {
  const io = captureIo();
  const code = await main(['predict', ...args, '--backend', 'wasm', '--json'], io);
  if (code !== 0) throw new Error(`exit ${code}: ${io.stderr}`);
  return JSON.parse(io.stdout) as TorchPredictResult;
}

describe('chextransfer predict --weights FILE.pt', () => {
  it('detects the network without --arch and prints PyTorch logits (within 1e-4 of max |logit|)', async () => {
    const r = await json(['--weights', PUBLISHED, '--npy', NPY]);
    expect(r.model).toMatchObject({
      arch: 'densenet121',
      inChannels: 1,
      numClasses: 18,
      published: 'TorchXRayVision densenet121-res224-chex',
      preprocess: 'xrv',
    });
    expect(r.checkpoint).toMatchObject({ format: 'legacy', content: 'module' });
    const logits = r.predictions[0]?.logits ?? [];
    expect(logits).toHaveLength(18);
    const worst = Math.max(...facts.logits.map((v, k) => Math.abs((logits[k] ?? NaN) - v)));
    expect(worst).toBeLessThanOrEqual(1e-4 * facts.maxAbsLogit);
    expect(r.labels[2]).toBe(''); // chex has no Infiltration output
    expect(r.predictions[0]?.chexpert).toHaveProperty('Pleural Effusion');
    // on our engine, relaxed SIMD: the CLI turns on Node 20's V8 flag for it (src/cli/wasmEngine.ts)
    expect(r.engine.runtime).toBe('relaxed-simd');
  });

  it('--engine tfjs-wasm runs the fallback, with the same logits', async () => {
    const r = await json(['--weights', PUBLISHED, '--npy', NPY, '--engine', 'tfjs-wasm']);
    expect(r.engine.runtime).toBe('tfjs-wasm');
    expect(r.engine.note).toMatch(/tfjs-wasm was asked for/);
    const logits = r.predictions[0]?.logits ?? [];
    const worst = Math.max(...facts.logits.map((v, k) => Math.abs((logits[k] ?? NaN) - v)));
    expect(worst).toBeLessThanOrEqual(1e-4 * facts.maxAbsLogit);
  });

  it('runs an image through the app decoding and TorchXRayVision preprocessing, calibrated', async () => {
    const image = path.join(XRAYS_DIR, 'nih_00000001_000.png');
    const r = await json(['--weights', PUBLISHED, image, '--calibrated']);
    expect(r.inputShape).toEqual([1, 1, 224, 224]);
    const p = r.predictions[0];
    expect(p?.calibrated?.[2]).toBeNull(); // no operating point where the model was not trained
    expect(p?.calibrated?.filter((v) => v !== null)).toHaveLength(11);
    expect(Object.keys(p?.chexpert ?? {})).toHaveLength(5);
  });

  it('needs the weight set for --calibrated when the file name does not tell it, and takes it from --arch', async () => {
    const io = captureIo();
    expect(await main(['predict', '--weights', RENAMED, '--npy', NPY, '--calibrated'], io)).toBe(2);
    expect(io.stderr).toMatch(/--arch with one of densenet121-res224-all, /);
    const r = await json([
      '--weights',
      RENAMED,
      '--npy',
      NPY,
      '--arch',
      'densenet121-res224-nih',
      '--calibrated',
    ]);
    expect(r.model.published).toBe('TorchXRayVision densenet121-res224-nih');
    expect(r.labels.slice(14)).toEqual(['', '', '', '']);
  });

  it('refuses an --arch the file is not as wrong weights (exit 3), as the safetensors path does', async () => {
    const io = captureIo();
    expect(
      await main(['predict', '--weights', PUBLISHED, '--npy', NPY, '--arch', 'resnet50'], io),
    ).toBe(3);
    expect(io.stderr).toMatch(
      /^chextransfer predict: This checkpoint holds another architecture than the one asked for.* \[WRONG_ARCH\] Detail: the file holds a densenet121, not a resnet50\n$/,
    );
  });

  it.each([
    ['bad_truncated_zip.pt', 'TRUNCATED', /incomplete/],
    ['bad_magic.pt', 'BAD_MAGIC', /not a PyTorch checkpoint/],
    ['bad_os_system.pt', 'UNSAFE_GLOBAL', /asks to run code.*os\.system/s],
    ['bad_out_of_bounds.pt', 'OUT_OF_BOUNDS', /past the end/],
  ])('refuses %s with %s and one plain sentence (exit 3)', async (name, code, text) => {
    const io = captureIo();
    const weights = file(name, readTorchFixture(name));
    expect(await main(['predict', '--weights', weights, '--npy', NPY], io)).toBe(3);
    expect(io.stdout).toBe('');
    expect(io.stderr).toContain(` [${code}] Detail: `);
    expect(io.stderr).toMatch(text);
    expect(io.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('is chosen by content even without a .pt name', async () => {
    const r = await json([
      '--weights',
      file('weights.bin', readTorchFixture('small_zip.pt')),
      '--npy',
      NPY,
    ]).catch((e: Error) => e.message);
    expect(String(r)).toMatch(/none of the 16 architectures/);
    expect(TORCH_FIXTURES).toContain('fixtures');
  });
});
