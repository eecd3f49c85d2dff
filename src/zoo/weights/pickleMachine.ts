/**
 * The pickle machine's state (stack, marks, memo) and the opcodes that build containers, call
 * the caller's known callables or make opaque objects (`pickle.ts` holds the opcode table).
 * Every value built and every item copied is charged against `PICKLE_LIMITS.maxNodes`. Pure.
 */
import { PICKLE_LIMITS } from './pickleReader.ts';
import {
  PickleGlobal,
  PickleObject,
  type GlobalResolution,
  type PickleDict,
  type PickleHooks,
  type PickleValue,
} from './pickleValues.ts';
import { torchFail } from './torchErrors.ts';

/** The MARK opcode's stack entry. */
export const MARK = Symbol('mark');
type Slot = PickleValue | typeof MARK;

export const isDict = (v: unknown): v is PickleDict => v instanceof Map;

/** Items a callable may iterate: a list's or dict's own size, one for anything else. */
const shallowSize = (v: PickleValue): number =>
  Array.isArray(v) ? v.length + 1 : isDict(v) ? v.size + 1 : 1;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** The machine: stack, mark stack and memo over one reader. */
export class Machine {
  stack: Slot[] = [];
  readonly callables = new Map<PickleGlobal, GlobalResolution>();
  private readonly marks: Slot[][] = [];
  private readonly memo = new Map<number, PickleValue>();
  private readonly hooks: PickleHooks;
  /** Values built and items copied so far (`PICKLE_LIMITS.maxNodes`). */
  private nodes = 0;

  constructor(hooks: PickleHooks) {
    this.hooks = hooks;
  }

  pop(): PickleValue {
    if (this.stack.length === 0) torchFail('BAD_PICKLE', 'stack underflow');
    const v = this.stack.pop();
    if (v === MARK) return torchFail('BAD_PICKLE', 'a MARK where a value was expected');
    return v as PickleValue;
  }
  top(): PickleValue {
    const v = this.stack[this.stack.length - 1];
    if (v === undefined || v === MARK) return torchFail('BAD_PICKLE', 'stack underflow');
    return v;
  }
  push = (v: PickleValue): void => {
    this.charge(1);
    this.stack.push(v);
  };
  /** Counts work against the node budget. @param n values built or items copied */
  charge(n: number): void {
    this.nodes += n;
    if (this.nodes > PICKLE_LIMITS.maxNodes.value)
      torchFail(
        'TOO_COMPLEX',
        `the pickle builds or copies more than ${PICKLE_LIMITS.maxNodes.value} values`,
      );
  }
  /** Items pushed since the last MARK (and the MARK popped). */
  popMark(): PickleValue[] {
    const items = this.stack as PickleValue[];
    const prev = this.marks.pop();
    if (prev === undefined) torchFail('BAD_PICKLE', 'no MARK to pop to');
    this.stack = prev;
    return items;
  }
  mark(): void {
    this.marks.push(this.stack);
    this.stack = [];
  }
  put(i: number): void {
    this.memo.set(i, this.top());
  }
  /** @returns the next MEMOIZE index (protocol 4 numbers memo entries in order) */
  memoSize(): number {
    return this.memo.size;
  }
  get(i: number): void {
    const v = this.memo.get(i);
    if (v === undefined) torchFail('BAD_PICKLE', `memo key ${i} was never stored`);
    this.push(v);
  }

  global(module: string, name: string): void {
    if (!IDENT.test(module) || !IDENT.test(name))
      torchFail('BAD_PICKLE', `bad global name "${module}.${name}"`);
    const res = this.hooks.resolveGlobal(module, name);
    if (res.kind === 'refused')
      torchFail('UNSAFE_GLOBAL', `it names ${module}.${name}, ${res.why}`);
    const g = new PickleGlobal(module, name, res.kind);
    this.callables.set(g, res);
    this.push(g);
  }

  reduce(): void {
    const args = this.pop();
    const f = this.pop();
    const res = f instanceof PickleGlobal ? this.callables.get(f) : undefined;
    if (!(f instanceof PickleGlobal) || res === undefined || res.kind !== 'callable') {
      const what = f instanceof PickleGlobal ? f.qualified : typeof f;
      return torchFail('UNSAFE_GLOBAL', `it asks to call ${what}, which torch.save never calls`);
    }
    if (!Array.isArray(args)) torchFail('BAD_PICKLE', `${f.qualified}: arguments are not a tuple`);
    // a callable may copy its arguments' items (OrderedDict, set): charged before it runs
    this.charge(args.reduce<number>((n, a) => n + shallowSize(a), 0));
    this.push(res.call(args));
  }

  newObj(kwargs: PickleValue | null): void {
    const args = this.pop();
    const cls = this.pop();
    if (
      !(cls instanceof PickleGlobal) ||
      !Array.isArray(args) ||
      (kwargs !== null && !isDict(kwargs))
    )
      torchFail('BAD_PICKLE', 'NEWOBJ needs a class and an argument tuple');
    if (cls.kind === 'callable') {
      // e.g. NEWOBJ(collections.OrderedDict, ()): the same as calling it
      const res = this.callables.get(cls);
      if (res?.kind === 'callable') return this.push(res.call(args));
    }
    this.push(new PickleObject(cls, args));
  }

  build(): void {
    const state = this.pop();
    const obj = this.top();
    // A dict's BUILD state holds attributes, not items (a state dict's `_metadata`): not kept.
    if (isDict(obj)) return;
    if (!(obj instanceof PickleObject))
      return torchFail('BAD_PICKLE', 'BUILD on a value that has no state');
    // (dict_state, slot_state) or dict_state; both are attribute maps
    const parts = Array.isArray(state) && state.length === 2 ? state : [state];
    for (const part of parts) {
      if (part === null) continue;
      if (!isDict(part)) return torchFail('BAD_PICKLE', 'BUILD state is not a dict');
      this.charge(part.size);
      for (const [k, v] of part) obj.state.set(k, v);
    }
  }

  setItems(items: PickleValue[]): void {
    const d = this.top();
    if (!isDict(d) || items.length % 2 !== 0)
      torchFail('BAD_PICKLE', 'SETITEMS needs a dict and key/value pairs');
    this.charge(items.length / 2);
    for (let i = 0; i < items.length; i += 2)
      d.set(items[i] as PickleValue, items[i + 1] as PickleValue);
  }

  appendItems(items: PickleValue[]): void {
    const list = this.top();
    if (!Array.isArray(list)) torchFail('BAD_PICKLE', 'APPENDS needs a list');
    this.charge(items.length);
    for (const item of items) list.push(item);
  }

  persistent(pid: PickleValue): void {
    if (this.hooks.persistentLoad === undefined)
      torchFail('BAD_PICKLE', 'a persistent id where none is expected');
    this.push(this.hooks.persistentLoad(pid));
  }
}
