/**
 * Which globals a PyTorch checkpoint may name, and what the recognised ones build. Pure.
 *
 * The allowlist is what `torch.save` emits for tensors, parameters and state dicts (the same set
 * PyTorch's own `weights_only=True` unpickler accepts, `torch/_weights_only_unpickler.py`
 * `_get_allowed_globals`), plus `set` and module classes, which a whole pickled `nn.Module`
 * needs. Module classes (`torch.nn.modules.*`, or a class of the person's own package such as
 * `torchxrayvision.models.DenseNet`) become opaque objects holding their `__dict__`; none of
 * their code exists here, so none can run. Everything else is refused by name.
 *
 * Tensor reconstruction follows `torch/_utils.py`: `_rebuild_tensor_v2(storage, storage_offset,
 * size, stride, requires_grad, backward_hooks[, metadata])` and `_rebuild_parameter(data,
 * requires_grad, backward_hooks)`; storages are persistent ids (`torch/serialization.py`
 * `_save` / `_legacy_save`: `('storage', storage_type, key, location, numel[, view_metadata])`).
 */
import {
  PickleExternal,
  PickleGlobal,
  type GlobalResolution,
  type PickleValue,
} from './pickleValues.ts';
import { torchFail } from './torchErrors.ts';

/** The dtypes read as numbers; the rest are refused with UNSUPPORTED_DTYPE when a tensor uses them. */
export type TorchDtype = 'float32' | 'float16' | 'bfloat16' | 'float64' | 'int64';

/** Storage class name -> dtype (null: known but not read) and bytes per element. */
export const STORAGE_TYPES: Readonly<
  Record<string, { readonly dtype: TorchDtype | null; readonly size: number }>
> = {
  FloatStorage: { dtype: 'float32', size: 4 },
  HalfStorage: { dtype: 'float16', size: 2 },
  BFloat16Storage: { dtype: 'bfloat16', size: 2 },
  DoubleStorage: { dtype: 'float64', size: 8 },
  LongStorage: { dtype: 'int64', size: 8 },
  IntStorage: { dtype: null, size: 4 },
  ShortStorage: { dtype: null, size: 2 },
  CharStorage: { dtype: null, size: 1 },
  ByteStorage: { dtype: null, size: 1 },
  BoolStorage: { dtype: null, size: 1 },
  ComplexFloatStorage: { dtype: null, size: 8 },
  ComplexDoubleStorage: { dtype: null, size: 16 },
};

/** A storage a persistent id refers to: its key in the file and the element range it covers. */
export interface StorageRef {
  /** Key of the root storage (zip: `data/<key>`; legacy: the position in the key list). */
  readonly key: string;
  readonly typeName: string;
  /** Elements of the root storage, as the persistent id states. */
  readonly rootNumel: number;
  /** Legacy storage views: where this view starts in the root storage, in elements. */
  readonly viewOffset: number;
  readonly numel: number;
}

/** A tensor as the pickle describes it; its values are read once every storage is known. */
export interface TensorRef {
  readonly storage: StorageRef;
  /** In elements, relative to the storage (view). */
  readonly offset: number;
  readonly shape: readonly number[];
  readonly stride: readonly number[];
}

const isCount = (v: unknown): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function intList(v: PickleValue, what: string): number[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isSafeInteger(x)))
    return torchFail('BAD_PICKLE', `${what} is not a tuple of integers`);
  return v as number[];
}

/**
 * @param v a pickle value
 * @returns the tensor it carries, or null
 */
export function tensorOf(v: PickleValue | undefined): TensorRef | null {
  return v instanceof PickleExternal && isTensorRef(v.value) ? v.value : null;
}

function isTensorRef(v: unknown): v is TensorRef {
  return typeof v === 'object' && v !== null && 'storage' in v && 'stride' in v;
}

function storageOf(v: PickleValue | undefined): StorageRef {
  if (
    v instanceof PickleExternal &&
    typeof v.value === 'object' &&
    v.value !== null &&
    'rootNumel' in v.value
  )
    return v.value as StorageRef;
  return torchFail('BAD_PICKLE', 'a tensor is rebuilt from something that is not a storage');
}

/** `_rebuild_tensor_v2` / `_rebuild_tensor`: (storage, offset, size, stride, ...). */
function rebuildTensor(args: readonly PickleValue[]): PickleValue {
  const [storage, offset, size, stride] = args;
  if (!isCount(offset)) return torchFail('BAD_PICKLE', 'tensor storage offset is not a count');
  const shape = intList(size ?? null, 'tensor size');
  const strides = intList(stride ?? null, 'tensor stride');
  if (shape.length !== strides.length)
    torchFail(
      'BAD_PICKLE',
      `tensor size [${shape.join(', ')}] and stride [${strides.join(', ')}] differ in rank`,
    );
  if (shape.some((d) => d < 0)) torchFail('BAD_PICKLE', 'negative tensor size');
  const t: TensorRef = { storage: storageOf(storage), offset, shape, stride: strides };
  return new PickleExternal(t);
}

/** `_rebuild_parameter(data, requires_grad, backward_hooks[, state])`: the tensor itself. */
function rebuildParameter(args: readonly PickleValue[]): PickleValue {
  if (tensorOf(args[0]) === null) torchFail('BAD_PICKLE', 'a Parameter without a tensor');
  return args[0] ?? null;
}

/** `collections.OrderedDict()` or `OrderedDict([(k, v), ...])`. */
function orderedDict(args: readonly PickleValue[]): PickleValue {
  const d = new Map<PickleValue, PickleValue>();
  const items = args[0];
  if (items === undefined || items === null) return d;
  if (!Array.isArray(items)) return torchFail('BAD_PICKLE', 'OrderedDict items are not a list');
  for (const pair of items) {
    if (!Array.isArray(pair) || pair.length !== 2)
      return torchFail('BAD_PICKLE', 'OrderedDict item is not a pair');
    d.set(pair[0] as PickleValue, pair[1] as PickleValue);
  }
  return d;
}

/** `set(list)` / `torch.Size(tuple)`: the items as an array. */
function sequence(args: readonly PickleValue[]): PickleValue {
  const items = args[0];
  if (items === undefined) return [];
  return Array.isArray(items) ? [...items] : torchFail('BAD_PICKLE', 'expected a list or tuple');
}

function unsupported(what: string): (args: readonly PickleValue[]) => PickleValue {
  return () => torchFail('UNSUPPORTED_DTYPE', `${what} tensors are not supported`);
}

/** Callables `torch.save` emits, by qualified name. */
const CALLABLES: Readonly<Record<string, (args: readonly PickleValue[]) => PickleValue>> = {
  'torch._utils._rebuild_tensor_v2': rebuildTensor,
  'torch._utils._rebuild_tensor': rebuildTensor,
  'torch._utils._rebuild_parameter': rebuildParameter,
  'torch._utils._rebuild_parameter_with_state': rebuildParameter,
  'torch.nn.parameter.Parameter': rebuildParameter,
  'collections.OrderedDict': orderedDict,
  'builtins.set': sequence,
  '__builtin__.set': sequence, // Python 2 pickles
  'torch.Size': sequence,
  'torch._utils._rebuild_qtensor': unsupported('quantised'),
  'torch._utils._rebuild_sparse_tensor': unsupported('sparse'),
  'torch._utils._rebuild_sparse_csr_tensor': unsupported('sparse'),
  'torch._utils._rebuild_meta_tensor_no_storage': unsupported('meta'),
};

/** Top-level packages whose classes are never module classes (system access, code loading). */
const NEVER_CLASSES = new Set([
  'os',
  'posix',
  'nt',
  'sys',
  'subprocess',
  'builtins',
  '__builtin__',
  'shutil',
  'socket',
  'importlib',
  'runpy',
  'pickle',
  'marshal',
  'ctypes',
  'types',
  'functools',
  'operator',
  'codecs',
  'io',
  'pty',
  'webbrowser',
  'multiprocessing',
  'threading',
  'signal',
  'code',
  'pdb',
  'timeit',
  'platform',
  'tempfile',
  'glob',
  'pathlib',
  'urllib',
  'http',
  'asyncio',
  'inspect',
  'copyreg',
  'numpy',
  'requests',
  'dill',
  'cloudpickle',
  'pip',
  'setuptools',
]);

/**
 * @param module dotted module path from the pickle
 * @param name attribute name
 * @returns how the pickle machine treats it
 */
export function resolveTorchGlobal(module: string, name: string): GlobalResolution {
  const qualified = `${module}.${name}`;
  const call = CALLABLES[qualified];
  if (call !== undefined) return { kind: 'callable', call };
  if (module === 'torch' && Object.hasOwn(STORAGE_TYPES, name)) return { kind: 'class' };
  const top = module.split('.')[0] ?? '';
  if (top === 'torch')
    return module.startsWith('torch.nn.modules.')
      ? { kind: 'class' }
      : { kind: 'refused', why: 'which is not part of a saved tensor or module' };
  // A module class of the person's own code (CapWords, as PEP 8 names classes).
  if (!NEVER_CLASSES.has(top) && /^[A-Z_]/.test(name) && !name.startsWith('__'))
    return { kind: 'class' };
  return { kind: 'refused', why: 'which a PyTorch checkpoint never needs (nothing was run)' };
}

/**
 * Resolves a persistent id: a storage reference (nothing is read yet), or, in legacy files of
 * whole modules, a module class (`('module', cls, source_file, source)`: the class, whose saved
 * source text is ignored).
 * @param pid `('storage', storage_type, key, location, numel[, view_metadata])` or a module id
 * @returns the reference (wrapped for the pickle machine) or the class global
 */
export function torchPid(pid: PickleValue): PickleValue {
  if (Array.isArray(pid) && pid[0] === 'module' && pid[1] instanceof PickleGlobal) return pid[1];
  if (!Array.isArray(pid) || pid[0] !== 'storage' || pid.length < 5)
    return torchFail('BAD_PICKLE', 'a persistent id that is not a storage reference');
  const [, type, key, , numel, view] = pid;
  if (!(type instanceof PickleGlobal) || typeof key !== 'string' || !isCount(numel))
    return torchFail('BAD_PICKLE', 'a malformed storage reference');
  const base = { key, typeName: type.name, rootNumel: numel, viewOffset: 0, numel };
  if (view === undefined || view === null) return new PickleExternal(base);
  // legacy views: (view_key, offset, view_size), in elements of the root storage
  if (!Array.isArray(view) || !isCount(view[1]) || !isCount(view[2]))
    return torchFail('BAD_PICKLE', 'a malformed storage view');
  return new PickleExternal({ ...base, viewOffset: view[1], numel: view[2] });
}
