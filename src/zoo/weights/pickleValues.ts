/**
 * The values the pickle machine (`pickle.ts`) builds, and the hooks its caller supplies. Pure.
 */

/** A global name as the pickle states it, e.g. `collections.OrderedDict`. */
export class PickleGlobal {
  readonly module: string;
  readonly name: string;
  readonly kind: 'callable' | 'class';

  /**
   * @param module dotted module path
   * @param name attribute name
   * @param kind what the resolver said: a known callable or an opaque class
   */
  constructor(module: string, name: string, kind: 'callable' | 'class') {
    this.module = module;
    this.name = name;
    this.kind = kind;
  }

  /** @returns `module.name` */
  get qualified(): string {
    return `${this.module}.${this.name}`;
  }
}

/** An instance of an opaque class (e.g. an `nn.Module`): its class and its `__dict__` state. */
export class PickleObject {
  readonly state = new Map<PickleKey, PickleValue>();
  readonly cls: PickleGlobal;
  readonly args: readonly PickleValue[];

  /**
   * @param cls the class global
   * @param args arguments NEWOBJ passed to `cls.__new__` (kept, never used to run anything)
   */
  constructor(cls: PickleGlobal, args: readonly PickleValue[]) {
    this.cls = cls;
    this.args = args;
  }
}

/** A value produced by the caller (a callable's result or a persistent id's target). */
export class PickleExternal {
  readonly value: unknown;

  /** @param value anything the caller wants back */
  constructor(value: unknown) {
    this.value = value;
  }
}

/** A dict (also OrderedDict); keys are compared by value for primitives, by identity otherwise. */
export type PickleDict = Map<PickleKey, PickleValue>;
export type PickleKey = PickleValue;

/** Everything a pickle can hold here. Lists, tuples and sets are arrays. */
export type PickleValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PickleValue[]
  | PickleDict
  | PickleGlobal
  | PickleObject
  | PickleExternal;

/** What the caller decides about a global name. */
export type GlobalResolution =
  | { readonly kind: 'callable'; readonly call: (args: readonly PickleValue[]) => PickleValue }
  | { readonly kind: 'class' }
  | { readonly kind: 'refused'; readonly why: string };

/** The caller's hooks. */
export interface PickleHooks {
  /** Classifies a global; called once per GLOBAL / STACK_GLOBAL opcode. */
  resolveGlobal(module: string, name: string): GlobalResolution;
  /** Resolves a persistent id (PyTorch's storage references); absent: PERSID is malformed. */
  persistentLoad?(pid: PickleValue): PickleValue;
}

/** A pickle's value and where its STOP opcode ended (the next pickle starts there). */
export interface Unpickled {
  readonly value: PickleValue;
  readonly end: number;
}
