/**
 * Finds the state dict in an unpickled PyTorch checkpoint: a state dict itself, a training
 * checkpoint dict holding one (`{'state_dict': ...}`), or a whole pickled `nn.Module`, whose
 * dotted names are recovered the way `nn.Module.state_dict()` builds them
 * (`torch/nn/modules/module.py` `_save_to_state_dict`: own `_parameters`, then `_buffers` not in
 * `_non_persistent_buffers_set`, then each child of `_modules` with `<name>.` prefixed; `None`
 * entries are skipped). Pure.
 */
import { PickleObject, type PickleDict, type PickleValue } from './pickleValues.ts';
import { tensorOf, type TensorRef } from './torchGlobals.ts';
import { torchFail } from './torchErrors.ts';

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

/** Depth-first, in `state_dict()` order. */
function walkModule(
  obj: PickleObject,
  prefix: string,
  out: Map<string, TensorRef>,
  depth: number,
): void {
  if (depth > 100) torchFail('BAD_PICKLE', 'modules nested more than 100 deep');
  for (const [name, v] of dictOf(obj, '_parameters')) addTensor(out, `${prefix}${String(name)}`, v);
  const skip = obj.state.get('_non_persistent_buffers_set');
  const transient = new Set(Array.isArray(skip) ? skip : []);
  for (const [name, v] of dictOf(obj, '_buffers'))
    if (!transient.has(name)) addTensor(out, `${prefix}${String(name)}`, v);
  for (const [name, child] of dictOf(obj, '_modules')) {
    if (child === null) continue;
    if (!isModule(child))
      torchFail('BAD_PICKLE', `submodule ${prefix}${String(name)} is not a module`);
    walkModule(child, `${prefix}${String(name)}.`, out, depth + 1);
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
    const out = new Map<string, TensorRef>();
    walkModule(v, '', out, 0);
    return out.size > 0 ? found(out, v, container, notes) : null;
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
