/**
 * PyTorch checkpoint reader (`.pt`/`.pth`), pure TS (Node and the worker): both serialisations
 * of `torch.save` (`torch/serialization.py`), read without running anything:
 * - zip (torch >= 1.6, `_save`): `<archive>/data.pkl` (pickle with persistent ids
 *   `('storage', storage_type, key, location, numel)`) and raw little-endian storages
 *   `<archive>/data/<key>`; `<archive>/byteorder` when present must say little;
 * - legacy (`_legacy_save`): five pickles back to back (magic number 0x1950a86a20f9469cfc6c,
 *   protocol version 1001, sys info, the object, the storage keys), then every storage in key
 *   order as an int64 element count followed by its bytes.
 * The object may be a state dict, a training checkpoint holding one, or a whole `nn.Module`
 * (torchStateDict.ts). Tensors (float32, float16, bfloat16, float64 -> float32; int64 kept),
 * contiguous or strided, are copied into one buffer laid out as a parsed safetensors file, so
 * the safetensors loader (`match.ts`, `load.ts`) takes them unchanged. A file that is truncated,
 * corrupt or hostile throws a coded `TorchCheckpointError` and nothing is returned. What a file
 * may cost is bounded by `CHECKPOINT_LIMITS` (torchLimits.ts) and `PICKLE_LIMITS`: the zip entries
 * that are read are only the pickle and the storages of the state dict's tensors
 * (torchZip.ts), and tensor sizes are checked before any storage is read (torchTensors.ts).
 */
import { PickleExternal, unpickle, type PickleValue } from './pickle.ts';
import { packTensors, type StorageSource } from './torchTensors.ts';
import { resolveTorchGlobal, STORAGE_TYPES, torchPid, type StorageRef } from './torchGlobals.ts';
import { findStateDict } from './torchStateDict.ts';
import { TorchCheckpointError, torchFail } from './torchErrors.ts';
import { CHECKPOINT_LIMITS } from './torchLimits.ts';
import { TorchZip } from './torchZip.ts';
import type { SafetensorsFile } from './safetensors.ts';
import type { TorchDtype } from './torchGlobals.ts';

/** A checkpoint read into memory. */
export interface TorchCheckpoint {
  readonly format: 'zip' | 'legacy';
  readonly content: 'state_dict' | 'module';
  /** Class of a pickled module, e.g. `torchxrayvision.models.DenseNet`. */
  readonly moduleClass: string | null;
  /** Dict key the weights sat under (`state_dict`, `model`, ...), or null. */
  readonly container: string | null;
  /** The tensors (F32 / I64) in the safetensors reader's structure, ready for `loadWeights`. */
  readonly file: SafetensorsFile;
  /** Each tensor's dtype in the checkpoint. */
  readonly dtypes: ReadonlyMap<string, TorchDtype>;
  /** Size of the checkpoint file in bytes. */
  readonly fileBytes: number;
  readonly notes: readonly string[];
}

const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;
const LEGACY_PROTOCOL = 1001;
const ZIP_LOCAL = 0x04034b50;

const torchHooks = { resolveGlobal: resolveTorchGlobal, persistentLoad: torchPid };

/** Plain-data pickles (magic, protocol, sys info, keys) may name no global at all. */
const dataHooks = {
  resolveGlobal: () => ({ kind: 'refused', why: 'where only plain data belongs' }) as const,
};

/** A checkpoint's object and, on request, its storages' bytes. */
interface Parsed {
  readonly root: PickleValue;
  readonly storages: StorageSource;
}

function readZip(bytes: Uint8Array): Parsed {
  const zip = new TorchZip(bytes);
  const pkl = zip.names.find((n) => /^[^/]+\/data\.pkl$/.test(n));
  if (pkl === undefined) {
    if (zip.names.some((n) => /^[^/]+\/constants\.pkl$/.test(n)))
      torchFail(
        'UNSUPPORTED_FORMAT',
        'this is a TorchScript archive (torch.jit.save), not torch.save',
      );
    torchFail('BAD_ZIP', 'the zip archive has no data.pkl: not a torch.save file');
  }
  const prefix = pkl.slice(0, -'data.pkl'.length);
  const order = zip.read(`${prefix}byteorder`, 16);
  if (order !== undefined && new TextDecoder().decode(order).trim() !== 'little')
    torchFail('UNSUPPORTED_FORMAT', 'the file was written on a big-endian machine');
  const pickle = zip.read(pkl, CHECKPOINT_LIMITS.maxPickleBytes.value) as Uint8Array;
  if (pickle.byteLength > CHECKPOINT_LIMITS.maxPickleBytes.value)
    torchFail(
      'TOO_COMPLEX',
      `data.pkl has ${pickle.byteLength} bytes (the limit is ${CHECKPOINT_LIMITS.maxPickleBytes.value})`,
    );
  const root = unpickle(pickle, torchHooks).value;
  // only the storages the state dict's tensors use are read (inflated, if compressed)
  return { root, storages: (key, byteLength) => zip.read(`${prefix}data/${key}`, byteLength) };
}

function expectData(
  bytes: Uint8Array,
  at: number,
  what: string,
): { value: PickleValue; end: number } {
  try {
    return unpickle(bytes, dataHooks, at);
  } catch (e) {
    if (e instanceof TorchCheckpointError && e.code === 'TRUNCATED') throw e;
    return torchFail('BAD_MAGIC', `the ${what} is not readable: not a PyTorch checkpoint`);
  }
}

/** Legacy header: magic number, protocol version, sys info. @returns where the object starts */
function legacyHeader(bytes: Uint8Array): number {
  const magic = expectData(bytes, 0, 'magic number');
  if (magic.value !== LEGACY_MAGIC)
    torchFail('BAD_MAGIC', 'wrong magic number: not a PyTorch checkpoint');
  const protocol = expectData(bytes, magic.end, 'protocol version');
  if (protocol.value !== LEGACY_PROTOCOL)
    torchFail('BAD_MAGIC', `unknown legacy protocol version ${String(protocol.value)}`);
  const sys = expectData(bytes, protocol.end, 'system information');
  if (sys.value instanceof Map && sys.value.get('little_endian') === false)
    torchFail('UNSUPPORTED_FORMAT', 'the file was written on a big-endian machine');
  return sys.end;
}

function readLegacy(bytes: Uint8Array): Parsed {
  const sizes = new Map<string, number>();
  const hooks = {
    resolveGlobal: resolveTorchGlobal,
    persistentLoad: (pid: PickleValue) => {
      const ref = torchPid(pid);
      if (ref instanceof PickleExternal) {
        const s = ref.value as StorageRef;
        sizes.set(s.key, STORAGE_TYPES[s.typeName]?.size ?? 1);
      }
      return ref;
    },
  };
  const main = unpickle(bytes, hooks, legacyHeader(bytes));
  const keys = expectData(bytes, main.end, 'storage key list');
  if (!Array.isArray(keys.value) || !keys.value.every((k) => typeof k === 'string'))
    torchFail('BAD_PICKLE', 'the storage key list is not a list of strings');
  const storages = new Map<string, Uint8Array>();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = keys.end;
  for (const key of keys.value as string[]) {
    if (at + 8 > bytes.byteLength) torchFail('TRUNCATED', `the file ends before storage ${key}`);
    const count = view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
    const length = count * (sizes.get(key) ?? 1);
    if (!Number.isSafeInteger(length) || at + 8 + length > bytes.byteLength)
      torchFail('TRUNCATED', `storage ${key} needs ${length} bytes; the file ends first`);
    storages.set(key, bytes.subarray(at + 8, at + 8 + length)); // views: nothing is copied
    at += 8 + length;
  }
  return { root: main.value, storages: (key) => storages.get(key) };
}

/**
 * @param bytes a file's first bytes (4 are enough)
 * @returns whether it starts as a torch.save file does: a zip local header, or the legacy
 *   format's first pickle (PROTO n, then LONG1 of the magic number)
 */
export function looksLikeTorchCheckpoint(bytes: Uint8Array): boolean {
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4;
  return zip || (bytes[0] === 0x80 && (bytes[1] ?? 9) <= 5 && bytes[2] === 0x8a);
}

/**
 * Reads a `.pt`/`.pth` file (see the module comment for what is accepted).
 * @param input the file's bytes
 * @returns the state dict as a parsed safetensors file, with how it was stored
 * @throws TorchCheckpointError with a code on any file that cannot be read safely and completely
 */
export function readTorchCheckpoint(input: ArrayBuffer | Uint8Array): TorchCheckpoint {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.byteLength < 4) torchFail('TRUNCATED', `the file has only ${bytes.byteLength} bytes`);
  const zip = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true) === ZIP_LOCAL;
  if (!zip && bytes[0] !== 0x80)
    torchFail('BAD_MAGIC', 'neither a zip archive nor a pickle: not a PyTorch checkpoint');
  const { root, storages } = zip ? readZip(bytes) : readLegacy(bytes);
  const sd = findStateDict(root);
  const { file, dtypes } = packTensors([...sd.tensors], storages);
  return {
    format: zip ? 'zip' : 'legacy',
    content: sd.content,
    moduleClass: sd.moduleClass,
    container: sd.container,
    file,
    dtypes,
    fileBytes: bytes.byteLength,
    notes: sd.notes,
  };
}
