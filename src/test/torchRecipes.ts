/**
 * Small recipes for crafted PyTorch checkpoints (Node only, for tests): a protocol-2 pickle
 * writer with just the opcodes torch.save uses, and checkpoint-shaped entries for the zip and
 * deflate-bomb recipes every test shares (src/imaging/testing/bombs.ts): stored entries, and
 * deflated ones whose declared size may lie. Nothing hostile is committed; the tests build each
 * file from these.
 *
 * Formats: CPython `Lib/pickletools.py` (opcodes).
 */
import { zeroBomb as sharedZeroBomb, zipFile } from '../imaging/testing/bombs.ts';

/** A pickle built opcode by opcode. */
export class PickleWriter {
  private readonly parts: number[] = [0x80, 2]; // PROTO 2

  /** @returns the raw bytes appended */
  raw(...bytes: number[]): this {
    for (const b of bytes) this.parts.push(b);
    return this;
  }
  /** @returns this, with `bytes` appended (any length) */
  append(bytes: Uint8Array): this {
    for (const b of bytes) this.parts.push(b);
    return this;
  }
  /** @returns this, after BINUNICODE */
  str(s: string): this {
    const b = new TextEncoder().encode(s);
    return this.raw(0x58, ...u32(b.length), ...b);
  }
  /** @returns this, after BININT (or LONG1 for larger values) */
  int(n: number): this {
    if (n >= 0 && n < 2 ** 31) return this.raw(0x4a, ...u32(n));
    const bytes: number[] = [];
    for (let v = BigInt(n); bytes.length < 9; v >>= 8n) bytes.push(Number(v & 0xffn));
    return this.raw(0x8a, bytes.length, ...bytes);
  }
  /** @returns this, after GLOBAL module\nname\n */
  global(module: string, name: string): this {
    return this.raw(0x63, ...new TextEncoder().encode(`${module}\n${name}\n`));
  }
  /** @returns this, after a tuple of ints (MARK ... TUPLE) */
  ints(values: readonly number[]): this {
    this.raw(0x28);
    for (const v of values) this.int(v);
    return this.raw(0x74);
  }
  mark = (): this => this.raw(0x28);
  tuple = (): this => this.raw(0x74);
  reduce = (): this => this.raw(0x52);
  emptyDict = (): this => this.raw(0x7d);
  setItems = (): this => this.raw(0x75);
  put = (i: number): this => this.raw(0x72, ...u32(i));
  get = (i: number): this => this.raw(0x6a, ...u32(i));
  /** @returns the finished pickle (STOP appended) */
  bytes(): Uint8Array {
    return Uint8Array.from([...this.parts, 0x2e]);
  }
}

function u32(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
}

/** A tensor in a crafted state dict. */
export interface TensorRecipe {
  readonly name: string;
  /** Storage key (zip: `data/<key>`). */
  readonly key: string;
  /** Storage class, e.g. FloatStorage. */
  readonly storage?: string;
  /** Elements of the storage as the persistent id states. */
  readonly numel: number;
  readonly shape: readonly number[];
  readonly stride: readonly number[];
  readonly offset?: number;
}

/**
 * Appends `torch._utils._rebuild_tensor_v2(storage, offset, shape, stride, False, OrderedDict())`
 * with the zip format's persistent id `('storage', FloatStorage, key, 'cpu', numel)`.
 * @param w the pickle
 * @param t the tensor
 */
export function writeTensor(w: PickleWriter, t: TensorRecipe): void {
  w.global('torch._utils', '_rebuild_tensor_v2').mark();
  w.mark()
    .str('storage')
    .global('torch', t.storage ?? 'FloatStorage');
  w.str(t.key).str('cpu').int(t.numel).tuple().raw(0x51); // BINPERSID
  w.int(t.offset ?? 0)
    .ints(t.shape)
    .ints(t.stride)
    .raw(0x89); // NEWFALSE: requires_grad
  w.global('collections', 'OrderedDict').raw(0x29).reduce(); // backward hooks
  w.tuple().reduce();
}

/**
 * @param tensors the state dict's tensors, in order
 * @returns the pickle of an OrderedDict of them (data.pkl)
 */
export function stateDictPickle(tensors: readonly TensorRecipe[]): Uint8Array {
  const w = new PickleWriter();
  w.global('collections', 'OrderedDict').raw(0x29).reduce().mark();
  for (const t of tensors) {
    w.str(t.name);
    writeTensor(w, t);
  }
  return w.setItems().bytes();
}

/** A zip entry: stored bytes, or a raw deflate stream with the size it claims. */
export type ZipEntryRecipe =
  | { readonly name: string; readonly data: Uint8Array }
  | { readonly name: string; readonly deflated: Uint8Array; readonly declaredSize: number };

/**
 * @param entries the archive's entries, in order
 * @returns a zip archive, by the one zip recipe the tests share (src/imaging/testing/bombs.ts:
 *   CRC 0, which readers here do not check)
 */
export function zipArchive(entries: readonly ZipEntryRecipe[]): Uint8Array {
  return zipFile(
    entries.map((e) =>
      'data' in e
        ? { name: e.name, data: e.data, method: 0, size: e.data.length }
        : { name: e.name, data: e.deflated, method: 8, size: e.declaredSize },
    ),
  );
}

/**
 * A raw deflate stream of at least `1 + 258 * copies` zero bytes, by the one bomb recipe the
 * tests share (src/imaging/testing/bombs.ts: two bits per 258 zeros).
 * @param copies how many 258-byte copies
 * @returns the stream (about copies / 4 bytes)
 */
export function zeroBomb(copies: number): Uint8Array {
  return sharedZeroBomb({ zeros: 1 + 258 * copies, format: 'raw' });
}

/**
 * A zip checkpoint (as torch.save writes it: stored entries) of a state dict, every tensor in its
 * own storage, contiguous unless it gives its own view of it.
 * @param tensors float32 or int64 tensors, in order (`view`: the shape and strides the pickle
 *   states over the storage `data`)
 * @returns the file's bytes
 */
export function torchStateDictFile(
  tensors: readonly {
    readonly name: string;
    readonly shape: readonly number[];
    readonly data: Float32Array | BigInt64Array;
    readonly view?: { readonly shape: readonly number[]; readonly stride: readonly number[] };
  }[],
): Uint8Array {
  const recipes = tensors.map((t, i): TensorRecipe => {
    const stride = t.shape.map((_, d) => t.shape.slice(d + 1).reduce((a, b) => a * b, 1));
    const storage = t.data instanceof Float32Array ? 'FloatStorage' : 'LongStorage';
    const layout = t.view ?? { shape: t.shape, stride };
    return { name: t.name, key: String(i), storage, numel: t.data.length, ...layout };
  });
  return zipArchive([
    { name: 'archive/data.pkl', data: stateDictPickle(recipes) },
    ...tensors.map((t, i) => ({
      name: `archive/data/${i}`,
      data: new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength),
    })),
  ]);
}
