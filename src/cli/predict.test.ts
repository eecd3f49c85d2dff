import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { writeSafetensors } from '../zoo/weights/safetensors.ts';
import { syntheticInput, syntheticStateDict } from '../zoo/weights/synthetic.ts';
import { main } from './main.ts';
import { captureIo } from './testing/captureIo.ts';
import { readNpy, writeNpy } from './npy.ts';
import type { PredictResult } from './predict.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'predict-'));
const file = (name: string, bytes: Uint8Array): string => {
  const p = path.join(dir, name);
  writeFileSync(p, bytes);
  return p;
};
const R18 = file(
  'r18.safetensors',
  writeSafetensors(syntheticStateDict('resnet18', 'torchvision')),
);
const NPY = file('in64.npy', writeNpy({ shape: [1, 3, 64, 64], data: syntheticInput(64) }));
const FIXTURE = JSON.parse(
  readFileSync(
    path.join(import.meta.dirname, '../zoo/weights/fixtures/parity/resnet18.json'),
    'utf8',
  ),
) as { logits: { indices: number[]; values: number[]; maxAbs: number; argmax: number } };

function expectFixtureLogits(logits: number[]): void {
  const { indices, values, maxAbs } = FIXTURE.logits;
  const worst = Math.max(
    ...indices.map((i, j) => Math.abs((logits[i] ?? NaN) - (values[j] ?? NaN))),
  );
  expect(worst).toBeLessThanOrEqual(1e-4 * maxAbs);
}

describe('chextransfer predict', () => {
  it('reproduces the PyTorch logits of the parity fixture from a .npy input', async () => {
    const io = captureIo();
    expect(
      await main(['predict', '--arch', 'resnet18', '--weights', R18, '--npy', NPY, '--json'], io),
    ).toBe(0);
    const r = JSON.parse(io.stdout) as PredictResult;
    expect(r.inputShape).toEqual([1, 3, 64, 64]);
    expect([r.weights.loaded, r.weights.headReinitialised]).toEqual([102, false]);
    const p = r.predictions[0];
    expectFixtureLogits(p?.logits ?? []);
    expect(p?.top5?.[0]?.index).toBe(FIXTURE.logits.argmax);
  });

  it('a truncated 5-class model: sigmoid probabilities, new head, readable text', async () => {
    const io = captureIo();
    const args = [
      'predict',
      '--arch',
      'resnet18',
      '--weights',
      R18,
      '--npy',
      NPY,
      '--classes',
      '5',
      '--remove',
      '2',
    ];
    expect(await main(args, io)).toBe(0);
    expect(io.stdout).toMatch(/resnet18 minus 2 units, 5 outputs/);
    expect(io.stdout).toMatch(/head freshly initialised/);
    expect(io.stdout).toMatch(/skipped layer4\.0\.conv1\.weight: not used: removed by truncation/);
    expect(io.stdout).toMatch(/input 0: sigmoid( \d\.\d{4}){5}\n/);
  });

  it('refuses weights of another architecture with exit code 3 (wrong weights)', async () => {
    const io = captureIo();
    expect(
      await main(['predict', '--arch', 'densenet121', '--weights', R18, '--npy', NPY], io),
    ).toBe(3);
    expect(io.stderr).toBe(
      "chextransfer predict: This file holds resnet18 weights, not densenet121's, so nothing was loaded: choose densenet121 weights or switch the architecture to resnet18. [WRONG_ARCH] Detail: only 0 of 604 backbone tensors match densenet121 by name and shape; 102 match resnet18 (timm names)\n",
    );
  });

  it('reads a PNG through the imaging pipeline at the native size', async () => {
    const png = encode({
      width: 40,
      height: 30,
      channels: 1,
      depth: 8,
      data: Uint8Array.from({ length: 1200 }, (_, i) => i % 251),
    });
    const weights = file(
      'mnas.safetensors',
      writeSafetensors(syntheticStateDict('mnasnet_100', 'timm')),
    );
    const io = captureIo();
    expect(
      await main(
        ['predict', '--arch', 'mnasnet_100', '--weights', weights, file('x.png', png), '--json'],
        io,
      ),
    ).toBe(0);
    const r = JSON.parse(io.stdout) as PredictResult;
    expect(r.inputShape).toEqual([1, 3, 224, 224]);
    expect(r.predictions[0]?.logits.every(Number.isFinite)).toBe(true);
  });

  it.each([
    [['--arch', 'resnet18', '--npy', NPY], /--arch and --weights are required/],
    [['--arch', 'resnet18', '--weights', R18], /exactly one input/],
    [['--arch', 'resnet18', '--weights', R18, '--npy', NPY, '--backend', 'webgl'], /--backend/],
    [
      ['--arch', 'resnet18', '--weights', R18, '--npy', NPY, '--remove', '99'],
      /--remove must be below 8/,
    ],
    [['--arch', 'resnet18', '--weights', R18, '--npy', NPY, '--classes', '2000000000'], /<= 21843/],
    [
      ['--arch', 'resnet18', '--weights', path.join(dir, 'nope'), '--npy', NPY],
      /Cannot read --weights .*: there is no such file/,
    ],
  ])('usage error %#', async (args, message) => {
    const io = captureIo();
    expect(await main(['predict', ...args], io)).toBe(2);
    expect(io.stderr).toMatch(message);
  });

  it('runs as a process (bin/chextransfer.mjs) on the WASM backend', () => {
    const res = spawnSync(
      process.execPath,
      [
        'bin/chextransfer.mjs',
        'predict',
        '--arch',
        'resnet18',
        '--weights',
        R18,
        '--npy',
        NPY,
        '--backend',
        'wasm',
        '--json',
      ],
      { encoding: 'utf8', timeout: 100_000 },
    );
    expect(res.status).toBe(0);
    const r = JSON.parse(res.stdout) as PredictResult;
    expect(r.backend).toBe('wasm');
    expectFixtureLogits(r.predictions[0]?.logits ?? []);
  });
});

describe('npy', () => {
  it('round-trips a float32 array, header padded to 64 bytes', () => {
    const bytes = writeNpy({ shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, -6.5]) });
    expect((10 + new DataView(bytes.buffer).getUint16(8, true)) % 64).toBe(0);
    expect(readNpy(bytes)).toEqual({
      shape: [2, 3],
      data: new Float32Array([1, 2, 3, 4, 5, -6.5]),
    });
  });

  it('reads a version 2.0 header', () => {
    const header =
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }".padEnd(51, ' ') + '\n';
    const b = new Uint8Array(12 + header.length + 8);
    b.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 2, 0]);
    new DataView(b.buffer).setUint32(8, header.length, true);
    b.set(new TextEncoder().encode(header), 12);
    new DataView(b.buffer).setFloat32(12 + header.length, 0.5, true);
    expect(readNpy(b)).toEqual({ shape: [2], data: new Float32Array([0.5, 0]) });
  });

  it.each([
    ["'<f8'", /not little-endian float32/],
    ["'>f4'", /not little-endian float32/],
  ])('rejects dtype %s', (descr, message) => {
    const good = writeNpy({ shape: [1], data: new Float32Array([1]) });
    const text = new TextDecoder('latin1').decode(good).replace("'<f4'", descr);
    expect(() => readNpy(Uint8Array.from(text, (c) => c.charCodeAt(0)))).toThrow(message);
  });

  it('rejects Fortran order, truncation and non-npy bytes', () => {
    const good = writeNpy({ shape: [4], data: new Float32Array(4) });
    const fortran = new TextDecoder('latin1').decode(good).replace('False', 'True ');
    expect(() => readNpy(Uint8Array.from(fortran, (c) => c.charCodeAt(0)))).toThrow(/Fortran/);
    expect(() => readNpy(good.subarray(0, good.length - 1))).toThrow(/truncated data/);
    expect(() => readNpy(new Uint8Array(20))).toThrow(/not a \.npy/);
  });
});
