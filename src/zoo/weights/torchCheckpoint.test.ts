import { describe, expect, it } from 'vitest';
import { readTorchFixture, readTorchFixtureJson } from '../../test/torchFixtures.ts';
import { unpickle } from './pickle.ts';
import { readFloat32, readInt64 } from './safetensors.ts';
import { readTorchCheckpoint } from './torchCheckpoint.ts';
import { TorchCheckpointError, type TorchErrorCode } from './torchErrors.ts';
import { resolveTorchGlobal } from './torchGlobals.ts';

interface Expected {
  readonly dtype: string;
  readonly shape: number[];
  readonly values: number[];
}
const SMALL = readTorchFixtureJson<{
  stateDict: Record<string, Expected & { contiguous: boolean }>;
  module: Record<string, Expected>;
  moduleClass: string;
}>('small.json');

function valuesOf(file: ReturnType<typeof readTorchCheckpoint>['file'], key: string): number[] {
  const e = file.tensors.get(key);
  if (e === undefined) throw new Error(`no ${key}`);
  return e.dtype === 'I64'
    ? Array.from(readInt64(file, e), Number)
    : Array.from(readFloat32(file, e));
}

function codeOf(f: () => unknown): TorchErrorCode | 'none' | 'other' {
  try {
    f();
    return 'none';
  } catch (e) {
    return e instanceof TorchCheckpointError ? e.code : 'other';
  }
}

describe.each(['small_zip.pt', 'small_legacy.pt'])('state dict %s', (name) => {
  const ckpt = readTorchCheckpoint(readTorchFixture(name));

  it('says how it was stored', () => {
    expect(ckpt.format).toBe(name.includes('zip') ? 'zip' : 'legacy');
    expect(ckpt.content).toBe('state_dict');
    expect(ckpt.moduleClass).toBeNull();
  });

  it('reads every dtype and layout as PyTorch holds it (strides, views, shared storage)', () => {
    expect([...ckpt.file.tensors.keys()]).toEqual(Object.keys(SMALL.stateDict));
    for (const [key, want] of Object.entries(SMALL.stateDict)) {
      expect(ckpt.dtypes.get(key), key).toBe(want.dtype);
      expect(ckpt.file.tensors.get(key)?.shape, key).toEqual(want.shape);
      // float64 and bfloat16 values arrive rounded to float32, as the loader stores them
      expect(valuesOf(ckpt.file, key), key).toEqual(want.values.map((v) => Math.fround(v)));
    }
    // the fixture has a transposed tensor and strided views: the reader did not just copy bytes
    expect(Object.values(SMALL.stateDict).some((t) => !t.contiguous)).toBe(true);
  });

  it('packs every tensor aligned, int64 first, as the safetensors reader expects', () => {
    for (const e of ckpt.file.tensors.values())
      expect(e.byteOffset % (e.dtype === 'I64' ? 8 : 4)).toBe(0);
  });
});

describe.each(['module_zip.pt', 'module_legacy.pt'])('whole nn.Module %s', (name) => {
  it('recovers the dotted state-dict names from _modules, _parameters and _buffers', () => {
    const ckpt = readTorchCheckpoint(readTorchFixture(name));
    expect(ckpt.content).toBe('module');
    expect(ckpt.moduleClass).toBe(SMALL.moduleClass);
    expect([...ckpt.file.tensors.keys()]).toEqual(Object.keys(SMALL.module));
    for (const [key, want] of Object.entries(SMALL.module))
      expect(valuesOf(ckpt.file, key), key).toEqual(want.values.map((v) => Math.fround(v)));
  });
});

describe('bad checkpoints load nothing and say why', () => {
  it.each([
    ['bad_truncated_zip.pt', 'TRUNCATED'],
    ['bad_magic.pt', 'BAD_MAGIC'],
    ['bad_os_system.pt', 'UNSAFE_GLOBAL'],
    ['bad_out_of_bounds.pt', 'OUT_OF_BOUNDS'],
  ] as const)('%s: %s', (name, code) => {
    expect(codeOf(() => readTorchCheckpoint(readTorchFixture(name)))).toBe(code);
  });

  it('names the refused global', () => {
    expect(() => readTorchCheckpoint(readTorchFixture('bad_os_system.pt'))).toThrow(/os\.system/);
  });

  it('refuses a legacy file cut anywhere, and a zip without its end', () => {
    const legacy = readTorchFixture('small_legacy.pt');
    for (const cut of [3, 40, 200, legacy.length - 9, legacy.length - 1])
      expect(
        codeOf(() => readTorchCheckpoint(legacy.subarray(0, cut))),
        `cut ${cut}`,
      ).toBe('TRUNCATED');
    const zip = readTorchFixture('small_zip.pt');
    expect(codeOf(() => readTorchCheckpoint(zip.subarray(0, zip.length - 10)))).toBe('TRUNCATED');
  });

  it('refuses bytes that are neither a zip nor a pickle', () => {
    expect(codeOf(() => readTorchCheckpoint(new TextEncoder().encode('GIF89a, not a model')))).toBe(
      'BAD_MAGIC',
    );
    expect(codeOf(() => readTorchCheckpoint(new Uint8Array(2)))).toBe('TRUNCATED');
  });

  it('survives random corruption with coded errors only', () => {
    const good = readTorchFixture('small_legacy.pt');
    let seed = 7;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 300; trial++) {
      const bad = good.slice();
      for (let k = 0; k < 3; k++) bad[Math.floor(rand() * bad.length)] = Math.floor(rand() * 256);
      expect(
        codeOf(() => readTorchCheckpoint(bad)),
        `trial ${trial}`,
      ).not.toBe('other');
    }
  });
});

describe('the pickle machine never runs anything', () => {
  const hooks = { resolveGlobal: resolveTorchGlobal };
  const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

  it.each([
    ["cos\nsystem\n(S'id'\ntR.", /os\.system/],
    ['cposix\nsystem\n(tR.', /posix\.system/],
    ["cbuiltins\neval\n(S'1'\ntR.", /builtins\.eval/],
    ['c__builtin__\ngetattr\n(tR.', /__builtin__\.getattr/],
    ['ctorch\nload\n(tR.', /torch\.load/],
    ["csubprocess\nPopen\n(S'x'\ntR.", /subprocess\.Popen/],
  ])('refuses %j', (pickle, name) => {
    expect(() => unpickle(bytes(pickle), hooks)).toThrow(name);
  });

  it('refuses to call a module class, and INST/OBJ object creation', () => {
    expect(() => unpickle(bytes('cmypkg.nets\nNet\n(tR.'), hooks)).toThrow(/call mypkg\.nets\.Net/);
    expect(() => unpickle(bytes('(imypkg\nNet\n.'), hooks)).toThrow(/INST/);
  });

  it('keeps __proto__ a plain key', () => {
    const { value } = unpickle(bytes('}X\t\x00\x00\x00__proto__K\x01s.'), hooks);
    expect(value instanceof Map && value.get('__proto__')).toBe(1);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
