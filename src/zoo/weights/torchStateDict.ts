/**
 * Finds the state dict in an unpickled PyTorch checkpoint: a state dict itself, a training
 * checkpoint dict holding one (`{'state_dict': ...}`), or a whole pickled `nn.Module`, whose
 * dotted names are recovered the way `nn.Module.state_dict()` builds them
 * (`torch/nn/modules/module.py` `_save_to_state_dict`: own `_parameters`, then `_buffers` not in
 * `_non_persistent_buffers_set`, then each child of `_modules` with `<name>.` prefixed; `None`
 * entries are skipped). Unlike `state_dict()`, a submodule shared by several parents is listed
 * once, under its first name (the walk keeps a visited set and a node budget). Pure.
 */
import { PickleObject, type PickleDict, type PickleValue } from './pickleValues.ts';
import { tensorOf, type TensorRef } from './torchGlobals.ts';
import { torchFail } from './torchErrors.ts';
import { CHECKPOINT_LIMITS } from './torchLimits.ts';

/** What was found and where. */
export interface FoundStateDict {
  /** Tensors by state-dict key, in the checkpoint's order. */
  readonly tensors: ReadonlyMap<string, TensorRef>;
  readonly content: 'state_dict' | 'module';
  /** Class of the pickled module (`torchxrayvision.models.DenseNet`), for a module. */
  readonly moduleClass: string | null;
  /** The dict key the state dict or module sat under, e.g. 'state_dict'. */
  readonly container: string | null;
  /** Things worth telling (a stripped `module.` prefix, skipped non-tensor entries). */
  readonly notes: readonly string[];
}

/** Keys under which training scripts commonly keep the weights, most specific first. */
const CONTAINER_KEYS = ['state_dict', 'model_state_dict', 'model', 'net', 'network', 'weights'];

const isDict = (v: unknown): v is PickleDict => v instanceof Map;

function isModule(v: PickleValue | undefined): v is PickleObject {
  return v instanceof PickleObject && (v.state.has('_parameters') || v.state.has('_modules'));
}

function dictOf(obj: PickleObject, key: string): PickleDict {
  const v = obj.state.get(key);
  if (v === undefined || v === null) return new Map();
  return isDict(v) ? v : torchFail('BAD_PICKLE', `module ${key} is not a dict`);
}

/** A walk of one module tree: each module once, within `CHECKPOINT_LIMITS`. */
interface Walk {
  readonly out: Map<string, TensorRef>;
  /** Modules already walked: one reached again by another path is not walked again. */
  readonly seen: Set<PickleObject>;
  shared: number;
  nodes: number;
}

function charge(walk: Walk, n: number): void {
  walk.nodes += n;
  if (walk.nodes > CHECKPOINT_LIMITS.maxModuleNodes.value)
    torchFail(
      'TOO_COMPLEX',
      `the module tree has more than ${CHECKPOINT_LIMITS.maxModuleNodes.value} modules and entries`,
    );
}

/**
 * Depth-first, in `state_dict()` order. A submodule shared by several parents (the memo lets a
 * pickle refer to one object many times) is walked once, under its first name: walking it once
 * per path is exponential in the depth (41 levels of two references each are 2^40 paths).
 */
function walkModule(obj: PickleObject, prefix: string, walk: Walk, depth: number): void {
  if (depth > CHECKPOINT_LIMITS.maxModuleDepth.value)
    torchFail(
      'TOO_COMPLEX',
      `modules nested more than ${CHECKPOINT_LIMITS.maxModuleDepth.value} deep`,
    );
  walk.seen.add(obj);
  const params = dictOf(obj, '_parameters');
  const buffers = dictOf(obj, '_buffers');
  const modules = dictOf(obj, '_modules');
  charge(walk, 1 + params.size + buffers.size + modules.size);
  for (const [name, v] of params) addTensor(walk.out, `${prefix}${String(name)}`, v);
  const skip = obj.state.get('_non_persistent_buffers_set');
  const transient = new Set(Array.isArray(skip) ? skip : []);
  for (const [name, v] of buffers)
    if (!transient.has(name)) addTensor(walk.out, `${prefix}${String(name)}`, v);
  for (const [name, child] of modules) {
    if (child === null) continue;
    if (!isModule(child))
      torchFail('BAD_PICKLE', `submodule ${prefix}${String(name)} is not a module`);
    if (walk.seen.has(child)) walk.shared++;
    else walkModule(child, `${prefix}${String(name)}.`, walk, depth + 1);
  }
}

function addTensor(out: Map<string, TensorRef>, key: string, v: PickleValue): void {
  if (v === null) return; // e.g. a registered buffer left None (xrv DenseNet's op_threshs)
  const t = tensorOf(v);
  if (t === null) torchFail('BAD_PICKLE', `${key} is not a tensor`);
  out.set(key, t);
}

/** A dict whose tensor values (string keys) make up a state dict, or null. */
function fromDict(d: PickleDict, notes: string[]): Map<string, TensorRef> | null {
  const out = new Map<string, TensorRef>();
  let other = 0;
  for (const [k, v] of d) {
    const t = tensorOf(v);
    if (typeof k === 'string' && t !== null) out.set(k, t);
    else other++;
  }
  if (out.size === 0) return null;
  if (other > 0) notes.push(`${other} entries that are not tensors were ignored`);
  return out;
}

function found(
  tensors: Map<string, TensorRef>,
  root: PickleValue,
  container: string | null,
  notes: string[],
): FoundStateDict {
  const keys = [...tensors.keys()];
  // nn.DataParallel saves every key under `module.`; the model itself has none of them.
  const wrapped = keys.length > 0 && keys.every((k) => k.startsWith('module.'));
  const named = wrapped
    ? new Map(keys.map((k) => [k.slice(7), tensors.get(k) as TensorRef]))
    : tensors;
  if (wrapped) notes.push("the 'module.' prefix of nn.DataParallel was removed from every key");
  const module = root instanceof PickleObject ? root : null;
  return {
    tensors: named,
    content: module === null ? 'state_dict' : 'module',
    moduleClass: module === null ? null : module.cls.qualified,
    container,
    notes,
  };
}

function direct(v: PickleValue, container: string | null, notes: string[]): FoundStateDict | null {
  if (isModule(v)) {
    const walk: Walk = { out: new Map(), seen: new Set(), shared: 0, nodes: 0 };
    walkModule(v, '', walk, 0);
    if (walk.shared > 0)
      notes.push(
        `${walk.shared} references to submodules already listed (shared modules) were not listed again`,
      );
    return walk.out.size > 0 ? found(walk.out, v, container, notes) : null;
  }
  if (!isDict(v)) return null;
  const sd = fromDict(v, notes);
  return sd === null ? null : found(sd, v, container, notes);
}

/**
 * @param root the value `torch.load` would return
 * @returns the state dict and how it was found
 * @throws TorchCheckpointError NO_STATE_DICT when there is no tensor to load
 */
export function findStateDict(root: PickleValue): FoundStateDict {
  const first = direct(root, null, []);
  if (first !== null) return first;
  if (isDict(root)) {
    for (const key of CONTAINER_KEYS) {
      const v = root.get(key);
      const inner = v === undefined ? null : direct(v, key, []);
      if (inner !== null) return inner;
    }
  }
  return torchFail(
    'NO_STATE_DICT',
    'the file holds no state dict or module with tensors (an optimizer state or other data?)',
  );
}
