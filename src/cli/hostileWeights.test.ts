/**
 * Hostile weights and inputs through the real command line, each in a child process whose peak
 * resident set is measured (src/test/peakRss.ts): the documented exit code, one line on stderr
 * with the code, and a stated memory budget. Every file is built here from a small recipe
 * (src/test/torchRecipes.ts); nothing hostile is committed.
 *
 * Budget: a crafted file may cost at most BUDGET_MB, plus 4x its own size, more than refusing a
 * 1 kB non-checkpoint (the same command, with TensorFlow.js loaded and nothing read). Reading a
 * real checkpoint holds the file and its packed tensors, and a model built from it a third copy:
 * about 3x the file. A bomb is a few megabytes at most, so its allowance is about BUDGET_MB.
 * Before these limits, such files took 2.4 to 4+ GB, or ran until killed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCliMeasured, type MeasuredRun } from '../test/peakRss.ts';
import {
  PickleWriter,
  stateDictPickle,
  torchStateDictFile,
  zeroBomb,
  zipArchive,
} from '../test/torchRecipes.ts';
import { readTorchFixture } from '../test/torchFixtures.ts';
import { writeSafetensors } from '../zoo/weights/safetensors.ts';
import { syntheticStateDict } from '../zoo/weights/synthetic.ts';
import { writeNpy } from './npy.ts';

const BUDGET_MB = 64;
const dir = mkdtempSync(path.join(tmpdir(), 'hostile-weights-'));
const put = (name: string, bytes: Uint8Array): string => {
  const p = path.join(dir, name);
  writeFileSync(p, bytes);
  return p;
};
const NPY = put('x.npy', writeNpy({ shape: [1, 3, 32, 32], data: new Float32Array(3 * 32 * 32) }));

/** MobileNetV2's state dict (timm names, 14 MB) with some tensors changed. */
function mobilenet(change: (t: ReturnType<typeof syntheticStateDict>[number]) => object) {
  return syntheticStateDict('mobilenetv2_100', 'timm').map((t) => ({ ...t, ...change(t) }));
}

function oneLine(run: MeasuredRun): string {
  const lines = run.stderr.split('\n').filter((l) => l !== '');
  expect(lines, run.stderr).toHaveLength(1);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  return lines[0] ?? '';
}

const mb = (bytes: number): number => bytes / 2 ** 20;
let baseline: MeasuredRun;

beforeAll(() => {
  baseline = runCliMeasured([
    'predict',
    '--weights',
    put('magic.pt', readTorchFixture('bad_magic.pt')),
    '--npy',
    NPY,
  ]);
  expect(baseline.status).toBe(3);
}, 180_000);

/** Runs predict on a crafted checkpoint; checks exit code, code and memory. */
function refused(weights: string, exit: number, code: string): string {
  const run = runCliMeasured(['predict', '--weights', weights, '--npy', NPY]);
  expect(run.status, run.stderr).toBe(exit);
  const line = oneLine(run);
  expect(line).toContain(` [${code}]`);
  const budget = BUDGET_MB + 4 * mb(statSync(weights).size);
  expect(
    mb(run.peak - baseline.peak),
    `peak ${mb(run.peak)} MB vs ${mb(baseline.peak)} MB, budget ${budget} MB`,
  ).toBeLessThan(budget);
  return line;
}

describe(`crafted checkpoints are refused (exit 3) within ${BUDGET_MB} MB`, () => {
  it.each([
    ['a 4-byte storage viewed as 30000 x 30000', [30_000, 30_000], [0, 0], 1],
    ['one value viewed as 10^6 x 10^6', [1_000_000, 1_000_000], [0, 0], 1],
  ])(
    '%s: BROADCAST_VIEW',
    (_, shape, stride, numel) => {
      const pkl = stateDictPickle([{ name: 'fc.weight', key: '0', numel, shape, stride }]);
      const file = zipArchive([
        { name: 'a/data.pkl', data: pkl },
        { name: 'a/data/0', data: new Uint8Array(4 * numel) },
      ]);
      expect(refused(put('broadcast.pt', file), 3, 'BROADCAST_VIEW')).toMatch(
        /^chextransfer predict: This checkpoint has a tensor with more values than the data it is stored in/,
      );
    },
    60_000,
  );

  it('a MobileNetV2 whose classifier is 1280 values expanded to 10^6 x 1280: BROADCAST_VIEW', () => {
    const tensors = mobilenet((t) =>
      t.name === 'classifier.weight'
        ? { data: new Float32Array(1280), view: { shape: [1_000_000, 1280], stride: [0, 1] } }
        : {},
    );
    refused(put('expanded.pt', torchStateDictFile(tensors)), 3, 'BROADCAST_VIEW');
  }, 60_000);

  it('a zip whose unread entries are bombs claiming 4 GB reads what it needs (then: not a network)', () => {
    const pkl = stateDictPickle([{ name: 'w', key: '0', numel: 6, shape: [6], stride: [1] }]);
    const bomb = zeroBomb(1_000_000); // 258 MB of zeros from 250 kB
    const file = zipArchive([
      { name: 'a/data.pkl', data: pkl },
      { name: 'a/data/0', data: new Uint8Array(24) },
      { name: 'a/data/1', deflated: bomb, declaredSize: 4_000_000_000 },
      { name: 'a/junk', deflated: bomb, declaredSize: 258_000_001 },
    ]);
    refused(put('unread-bombs.pt', file), 3, 'UNKNOWN_NETWORK');
  }, 60_000);

  it('a storage that inflates past what it declares: INFLATE_LIMIT', () => {
    const pkl = stateDictPickle([{ name: 'w', key: '0', numel: 6, shape: [6], stride: [1] }]);
    const file = zipArchive([
      { name: 'a/data.pkl', data: pkl },
      { name: 'a/data/0', deflated: zeroBomb(1_000_000), declaredSize: 24 },
    ]);
    refused(put('read-bomb.pt', file), 3, 'INFLATE_LIMIT');
  }, 60_000);

  it('41 nested modules each holding the one below twice (2^40 paths) finish at once', () => {
    const w = new PickleWriter();
    w.global('mypkg.nets', 'Block').put(0).raw(0x29, 0x81); // the bottom module
    w.emptyDict().mark().str('_parameters').emptyDict().str('_modules').emptyDict();
    w.setItems().raw(0x62).put(1);
    for (let level = 1; level <= 40; level++) {
      w.get(0).raw(0x29, 0x81).emptyDict().mark().str('_parameters').emptyDict();
      w.str('_modules').emptyDict().mark().str('a').get(level).str('b').get(level).setItems();
      w.setItems()
        .raw(0x62)
        .put(level + 1);
    }
    const file = zipArchive([{ name: 'a/data.pkl', data: w.bytes() }]);
    // no tensor anywhere in the tree: walked once per module, it holds no state dict
    refused(put('dag.pt', file), 3, 'NO_STATE_DICT');
  }, 60_000);

  it('a 256 kB LONG4 integer: TOO_COMPLEX, not a minute of decoding', () => {
    const n = 256 * 1024;
    const w = new PickleWriter().raw(0x8b, 0, 0, 4, 0).append(new Uint8Array(n).fill(0x5a));
    const file = zipArchive([{ name: 'a/data.pkl', data: w.bytes() }]);
    refused(put('long4.pt', file), 3, 'TOO_COMPLEX');
  }, 60_000);

  const empty = (shape: number[]) => ({ shape, data: new Float32Array(0) });
  it.each([
    ['classifier', 'NO_OUTPUTS', { 'classifier.weight': [0, 1280], 'classifier.bias': [0] }],
    ['stem', 'INPUT_CHANNELS', { 'conv_stem.weight': [32, 0, 3, 3] }],
  ])(
    'a MobileNetV2 whose %s has a zero dimension: %s',
    (_, code, zeroed: Record<string, number[]>) => {
      const tensors = mobilenet((t) => (zeroed[t.name] ? empty(zeroed[t.name] ?? []) : {}));
      refused(put(`zero-${code}.pt`, torchStateDictFile(tensors)), 3, code);
    },
    60_000,
  );

  it('a MobileNetV2 with a NaN weight: NON_FINITE, naming the tensor', () => {
    const tensors = mobilenet((t) => {
      if (t.name !== 'blocks.2.0.conv_pw.weight' || !(t.data instanceof Float32Array)) return {};
      const data = t.data.slice();
      data[3] = NaN;
      return { data };
    });
    expect(refused(put('nan.pt', torchStateDictFile(tensors)), 3, 'NON_FINITE')).toContain(
      'not numbers (NaN or infinity) in blocks.2.0.conv_pw.weight',
    );
  }, 120_000);
});

describe('files that are not files, and bad arrays, are bad input (exit 2)', () => {
  const predict = (...args: string[]) => runCliMeasured(['predict', ...args], 60_000);
  const fifo = (() => {
    try {
      execFileSync('mkfifo', [path.join(dir, 'weights.pt')]);
      return path.join(dir, 'weights.pt');
    } catch {
      return null;
    }
  })();
  symlinkSync('/dev/zero', path.join(dir, 'zero.pt'));

  it.each([
    ['/dev/zero', ['--arch', 'resnet18']],
    ['/dev/zero', []],
    [path.join(dir, 'zero.pt'), []],
    ...(fifo === null ? [] : [[fifo, []] as [string, string[]]]),
  ])(
    '--weights %s %j: NOT_A_FILE, nothing read',
    (weights, more) => {
      const run = predict('--weights', weights, '--npy', NPY, ...more);
      expect(run.status).toBe(2);
      expect(oneLine(run)).toMatch(
        /^chextransfer predict: Cannot read --weights '.*': it is a (device|pipe \(FIFO\)), and only regular files are read; give the path of a file\. \[NOT_A_FILE\]$/,
      );
    },
    60_000,
  );

  const weights = put('r18.safetensors', writeSafetensors(syntheticStateDict('resnet18', 'timm')));
  it.each([
    ['a checkpoint given as --npy', 'NOT_NPY', () => readTorchFixture('bad_magic.pt')],
    [
      'a [1, 3, 0, 0] array',
      'EMPTY_DIMENSION',
      () => writeNpy({ shape: [1, 3, 0, 0], data: new Float32Array(0) }),
    ],
    [
      'an array holding NaN',
      'NON_FINITE',
      () => writeNpy({ shape: [1, 3, 8, 8], data: new Float32Array(192).fill(NaN) }),
    ],
  ])(
    '%s: %s',
    (_, code, bytes) => {
      const run = predict(
        '--arch',
        'resnet18',
        '--weights',
        weights,
        '--npy',
        put(`${code}.npy`, bytes()),
      );
      expect(run.status).toBe(2);
      expect(oneLine(run)).toMatch(
        new RegExp(`^chextransfer predict: This --npy .* \\[${code}\\] Detail: npy: `),
      );
    },
    60_000,
  );
});
