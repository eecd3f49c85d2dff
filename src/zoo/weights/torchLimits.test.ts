/**
 * Crafted checkpoints, each built here from a small recipe (src/test/torchRecipes.ts), are
 * refused by code before they can take the memory or time they claim; legitimate layouts near
 * each limit still read. The same files through the command line, with their exit codes and
 * peak memory measured in a child process, are in src/cli/hostileWeights.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  PickleWriter,
  stateDictPickle,
  writeTensor,
  zeroBomb,
  zipArchive,
  type TensorRecipe,
  type ZipEntryRecipe,
} from '../../test/torchRecipes.ts';
import { decodeLong, PICKLE_LIMITS } from './pickleReader.ts';
import { unpickle } from './pickle.ts';
import { readFloat32 } from './safetensors.ts';
import { readTorchCheckpoint } from './torchCheckpoint.ts';
import { TorchCheckpointError } from './torchErrors.ts';
import { resolveTorchGlobal } from './torchGlobals.ts';
import { CHECKPOINT_LIMITS } from './torchLimits.ts';

const floats = (n: number): Uint8Array =>
  new Uint8Array(Float32Array.from({ length: n }, (_, i) => i).buffer);

/** A zip checkpoint of these tensors, each storage stored with `numel` floats. */
function checkpoint(
  tensors: readonly TensorRecipe[],
  extra: readonly ZipEntryRecipe[] = [],
): Uint8Array {
  const storages = new Map(tensors.map((t) => [t.key, t.numel]));
  return zipArchive([
    { name: 'archive/data.pkl', data: stateDictPickle(tensors) },
    ...[...storages].map(([key, n]) => ({ name: `archive/data/${key}`, data: floats(n) })),
    ...extra,
  ]);
}

function refusal(f: () => unknown): { code: string; kind: string; detail: string } {
  try {
    f();
  } catch (e) {
    if (e instanceof TorchCheckpointError) return { code: e.code, kind: e.kind, detail: e.detail };
    throw e;
  }
  throw new Error('expected a refusal');
}

const view = (shape: number[], stride: number[], numel: number): TensorRecipe => ({
  name: 'fc.weight',
  key: '0',
  numel,
  shape,
  stride,
});

describe('broadcast (stride-0) views are materialised only up to their storage', () => {
  it.each([
    ['a 4-byte storage as 30000 x 30000', [30_000, 30_000], [0, 0], 1],
    ["fc.weight's 512 values as 10^6 x 512", [1_000_000, 512], [0, 1], 512],
    ['one value as 10^6 x 10^6', [1_000_000, 1_000_000], [0, 0], 1],
  ])('refuses %s: BROADCAST_VIEW, wrong weights', (_, shape, stride, numel) => {
    const r = refusal(() => readTorchCheckpoint(checkpoint([view(shape, stride, numel)])));
    expect(r).toMatchObject({ code: 'BROADCAST_VIEW', kind: 'wrong-weights' });
    expect(r.detail).toMatch(
      /^"fc\.weight" \[.*\] strides \[.*\] has \d+ elements, its storage \d+$/,
    );
  });

  it('reads a stride-0 view no larger than its storage, repeating its values', () => {
    const ckpt = readTorchCheckpoint(checkpoint([view([2, 3], [0, 1], 6)]));
    const e = ckpt.file.tensors.get('fc.weight');
    expect(e && Array.from(readFloat32(ckpt.file, e))).toEqual([0, 1, 2, 0, 1, 2]);
  });

  it('caps all tensors by their storages: ten full views of one storage are refused', () => {
    const tensors = Array.from({ length: 10 }, (_, i) => ({
      ...view([1000], [1], 1000),
      name: `t${i}`,
    }));
    expect(refusal(() => readTorchCheckpoint(checkpoint(tensors))).code).toBe('TOO_LARGE');
    // tied weights (one storage under two names) are the legitimate case and read
    expect(readTorchCheckpoint(checkpoint(tensors.slice(0, 2))).file.tensors.size).toBe(2);
  });

  it('refuses tensors past the byte limit before reading any storage', () => {
    const n = CHECKPOINT_LIMITS.maxTensorBytes.value / 4 + 1;
    // the storage entry holds 4 bytes: the claim is refused from the pickle alone
    const file = zipArchive([
      { name: 'archive/data.pkl', data: stateDictPickle([view([n], [1], n)]) },
      { name: 'archive/data/0', data: floats(1) },
    ]);
    expect(refusal(() => readTorchCheckpoint(file))).toMatchObject({ code: 'TOO_LARGE' });
  });
});

describe('zip bombs: only the entries read are inflated, each under a running cap', () => {
  const good = [view([2, 3], [3, 1], 6)];
  // 258 MB of zeros from 250 kB; the declared sizes are what a bomb claims
  const bomb = zeroBomb(1_000_000);

  it('reads a checkpoint whose unread entries are bombs claiming gigabytes', () => {
    const ckpt = readTorchCheckpoint(
      checkpoint(good, [
        { name: 'archive/data/99', deflated: bomb, declaredSize: 4_000_000_000 },
        { name: 'archive/extra/junk.bin', deflated: bomb, declaredSize: 258_000_001 },
      ]),
    );
    expect([...ckpt.file.tensors.keys()]).toEqual(['fc.weight']);
  });

  it('refuses a read entry that claims more than its compressed size can honestly hold', () => {
    const claim = { ...view([2, 3], [3, 1], 64_000_000), shape: [8000, 8000], stride: [8000, 1] };
    const file = zipArchive([
      { name: 'archive/data.pkl', data: stateDictPickle([claim]) },
      { name: 'archive/data/0', deflated: bomb, declaredSize: 256_000_000 },
    ]);
    const r = refusal(() => readTorchCheckpoint(file));
    expect(r.code).toBe('INFLATE_LIMIT');
    expect(r.detail).toMatch(/would inflate 250\d{3} bytes to 256000000, past the budget/);
  });

  it('stops a read entry that inflates past the size it declares, as it streams', () => {
    const file = zipArchive([
      { name: 'archive/data.pkl', data: stateDictPickle(good) },
      { name: 'archive/data/0', deflated: bomb, declaredSize: 24 },
    ]);
    expect(refusal(() => readTorchCheckpoint(file))).toMatchObject({
      code: 'INFLATE_LIMIT',
      detail: '"archive/data/0" inflates past the 24 bytes it declares',
    });
    const pkl = zipArchive([{ name: 'archive/data.pkl', deflated: bomb, declaredSize: 1000 }]);
    expect(refusal(() => readTorchCheckpoint(pkl)).code).toBe('INFLATE_LIMIT');
  });

  it('survives random corruption of a zip checkpoint with coded errors only', () => {
    const good = checkpoint([
      view([2, 3], [3, 1], 6),
      { ...view([4], [1], 4), name: 'b', key: '1' },
    ]);
    let seed = 11;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 500; trial++) {
      const bad = good.slice();
      for (let k = 0; k < 3; k++) bad[Math.floor(rand() * bad.length)] = Math.floor(rand() * 256);
      try {
        readTorchCheckpoint(bad);
      } catch (e) {
        expect(e, `trial ${trial}`).toBeInstanceOf(TorchCheckpointError);
      }
    }
  });

  it('refuses an archive listing an entry twice (tools disagree on which one counts)', () => {
    const pkl = { name: 'archive/data.pkl', data: stateDictPickle(good) };
    expect(refusal(() => readTorchCheckpoint(zipArchive([pkl, pkl]))).code).toBe('BAD_ZIP');
  });
});

/** 41 nested modules, each holding the one below twice through the memo (2^40 paths). */
function memoDag(levels: number): Uint8Array {
  const w = new PickleWriter();
  const attrs = (params: () => void, modules: () => void): void => {
    w.emptyDict().mark().str('_parameters');
    params();
    w.str('_buffers').emptyDict().str('_modules');
    modules();
    w.setItems().raw(0x62); // BUILD
  };
  w.global('mypkg.nets', 'Block').put(0);
  w.raw(0x29, 0x81); // EMPTY_TUPLE NEWOBJ
  attrs(
    () => {
      w.emptyDict().mark().str('weight');
      writeTensor(w, view([4], [1], 4));
      w.setItems();
    },
    () => w.emptyDict(),
  );
  w.put(1);
  for (let level = 1; level < levels; level++) {
    w.get(0).raw(0x29, 0x81);
    attrs(
      () => w.emptyDict(),
      () => w.emptyDict().mark().str('a').get(level).str('b').get(level).setItems(),
    );
    w.put(level + 1);
  }
  return zipArchive([
    { name: 'archive/data.pkl', data: w.bytes() },
    { name: 'archive/data/0', data: floats(4) },
  ]);
}

describe('object graphs are walked with a visited set and a budget', () => {
  it('reads the 41-level memo DAG once per module (2^40 paths are never walked)', () => {
    const ckpt = readTorchCheckpoint(memoDag(41));
    expect(ckpt.content).toBe('module');
    expect([...ckpt.file.tensors.keys()]).toEqual([`${'a.'.repeat(40)}weight`]);
    expect(ckpt.notes.join(' ')).toMatch(/^40 references to submodules already listed/);
  });

  it('stops a pickle that copies a memoised dict over and over (quadratic work)', () => {
    const w = new PickleWriter();
    w.global('mypkg', 'Net').raw(0x29, 0x81); // an object to BUILD on
    w.emptyDict().mark();
    for (let i = 0; i < 2000; i++) w.int(i).int(i);
    w.setItems().put(0).raw(0x30); // memoise the 2000-item dict, POP it
    for (let i = 0; i < 2000; i++) w.get(0).raw(0x62); // BUILD with it again and again
    const r = refusal(() => unpickle(w.bytes(), { resolveGlobal: resolveTorchGlobal }));
    expect(r.code).toBe('TOO_COMPLEX');
    expect(r.detail).toBe(
      `the pickle builds or copies more than ${PICKLE_LIMITS.maxNodes.value} values`,
    );
  });
});

describe('LONG1/LONG4 integers decode in linear time, within a limit', () => {
  it('refuses a 256 kB LONG4 at once', () => {
    const n = 256 * 1024;
    const w = new PickleWriter().raw(0x8b, n & 0xff, (n >> 8) & 0xff, n >> 16, 0);
    w.append(new Uint8Array(n).fill(0x5a));
    const r = refusal(() => unpickle(w.bytes(), { resolveGlobal: resolveTorchGlobal }));
    expect(r).toMatchObject({
      code: 'TOO_COMPLEX',
      detail: `a ${n}-byte integer (the limit is 4096 bytes)`,
    });
  });

  it('decodes the longest allowed integer exactly, and negative ones', () => {
    const b = Uint8Array.from(
      { length: PICKLE_LIMITS.maxLongBytes.value },
      (_, i) => (i * 37 + 11) & 0x7f,
    );
    let want = 0n;
    for (let i = b.length - 1; i >= 0; i--) want = want * 256n + BigInt(b[i] ?? 0);
    expect(decodeLong(b)).toBe(want); // top byte < 0x80: positive
    expect(decodeLong(Uint8Array.of(0xff, 0x7f))).toBe(32767);
    expect(decodeLong(Uint8Array.of(0x00, 0xff))).toBe(-256);
    expect(
      decodeLong(Uint8Array.of(0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19)),
    ).toBe(
      0x1950a86a20f9469cfc6cn, // the legacy magic number
    );
  });

  it('refuses a protocol-0 integer longer than CPython itself converts', () => {
    const digits = '9'.repeat(PICKLE_LIMITS.maxTextIntDigits.value + 2);
    const bytes = new TextEncoder().encode(`L${digits}L\n.`);
    expect(refusal(() => unpickle(bytes, { resolveGlobal: resolveTorchGlobal })).code).toBe(
      'TOO_COMPLEX',
    );
  });
});
