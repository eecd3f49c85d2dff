/**
 * A small pickle virtual machine that builds data and never runs anything. Pure: no tf, no DOM.
 *
 * Spec: CPython `Lib/pickle.py` (`_Unpickler`, one `load_*` method per opcode) and the opcode
 * table with its operand encodings in `Lib/pickletools.py`. Protocols 0-5 are decoded. What
 * differs from Python's unpickler, on purpose:
 * - GLOBAL / STACK_GLOBAL never import: the caller's `resolveGlobal` says whether a name is a
 *   known callable (run by the caller's own TypeScript, e.g. `_rebuild_tensor_v2`), an opaque
 *   class (NEWOBJ makes a `PickleObject` holding its state; nothing of the class runs), or
 *   refused, which throws UNSAFE_GLOBAL at once. REDUCE calls only known callables.
 * - INST / OBJ (protocol 0/1 object creation, which calls the class) and the extension registry
 *   (EXT1/2/4) are refused; out-of-band buffers (protocol 5) too.
 * - Dicts are `Map`s, so keys such as `__proto__` are plain data.
 * - Work is budgeted (`PICKLE_LIMITS`): every value built and every item copied counts, so
 *   memoised containers copied over and over, or huge integers, stop with TOO_COMPLEX instead of
 *   running for minutes; integers decode in linear time.
 * Every failure is a coded `TorchCheckpointError`: TRUNCATED when the bytes end early, BAD_PICKLE
 * for a malformed stream, UNSAFE_GLOBAL for a refused name, TOO_COMPLEX past a limit.
 *
 * Why not the npm `pickleparser`: it constructs objects with `Reflect.construct`, calls whatever
 * REDUCE finds on the stack, stores dicts in plain objects (open to `__proto__`), and throws
 * untyped errors on malformed input; a PyTorch reader needs the opposite on all four counts.
 */
import {
  decodeLong,
  latin1,
  memoIndex,
  PICKLE_LIMITS,
  Reader,
  textInt,
  unquote,
} from './pickleReader.ts';
import { Machine } from './pickleMachine.ts';
import type { PickleHooks, Unpickled } from './pickleValues.ts';
import { torchFail } from './torchErrors.ts';

export * from './pickleValues.ts';
export { PICKLE_LIMITS };

type Op = (m: Machine, r: Reader) => void;

function stackGlobal(m: Machine): void {
  const name = m.pop();
  const module = m.pop();
  if (typeof module !== 'string' || typeof name !== 'string')
    torchFail('BAD_PICKLE', 'STACK_GLOBAL needs two strings');
  m.global(module, name);
}

function tuple3(m: Machine): void {
  const c = m.pop();
  const b = m.pop();
  m.push([m.pop(), b, c]);
}

function tuple2(m: Machine): void {
  const b = m.pop();
  m.push([m.pop(), b]);
}

function setItem(m: Machine): void {
  const v = m.pop();
  const k = m.pop();
  m.setItems([k, v]);
}

function dictFromMark(m: Machine): void {
  const items = m.popMark();
  m.push(new Map());
  m.setItems(items);
}

function refuse(what: string): Op {
  return () => torchFail('UNSAFE_GLOBAL', `it uses ${what}, which torch.save never emits`);
}

/** Opcode byte -> handler (CPython `pickletools.opcodes`; names in the comments). */
const OPS: Readonly<Record<number, Op>> = {
  0x28: (m) => m.mark(), // MARK
  0x30: (m) => void m.pop(), // POP
  0x31: (m) => void m.popMark(), // POP_MARK
  0x32: (m) => m.push(m.top()), // DUP
  0x4e: (m) => m.push(null), // NONE
  0x88: (m) => m.push(true), // NEWTRUE
  0x89: (m) => m.push(false), // NEWFALSE
  0x29: (m) => m.push([]), // EMPTY_TUPLE
  0x5d: (m) => m.push([]), // EMPTY_LIST
  0x8f: (m) => m.push([]), // EMPTY_SET
  0x7d: (m) => m.push(new Map()), // EMPTY_DICT
  0x85: (m) => m.push([m.pop()]), // TUPLE1
  0x86: tuple2, // TUPLE2
  0x87: tuple3, // TUPLE3
  0x74: (m) => m.push(m.popMark()), // TUPLE
  0x6c: (m) => m.push(m.popMark()), // LIST
  0x91: (m) => m.push(m.popMark()), // FROZENSET
  0x64: dictFromMark, // DICT
  0x61: (m) => m.appendItems([m.pop()]), // APPEND
  0x65: (m) => m.appendItems(m.popMark()), // APPENDS
  0x90: (m) => m.appendItems(m.popMark()), // ADDITEMS
  0x73: setItem, // SETITEM
  0x75: (m) => m.setItems(m.popMark()), // SETITEMS
  0x52: (m) => m.reduce(), // REDUCE
  0x62: (m) => m.build(), // BUILD
  0x81: (m) => m.newObj(null), // NEWOBJ
  0x92: (m) => m.newObj(m.pop()), // NEWOBJ_EX
  0x93: stackGlobal, // STACK_GLOBAL
  0x94: (m) => m.put(m.memoSize()), // MEMOIZE
  0x51: (m) => m.persistent(m.pop()), // BINPERSID
  0x50: (m, r) => m.persistent(r.line()), // PERSID
  0x4b: (m, r) => m.push(r.u8()), // BININT1
  0x4d: (m, r) => m.push(r.u16()), // BININT2
  0x4a: (m, r) => m.push(r.i32()), // BININT
  0x49: (m, r) => m.push(textInt(r.line())), // INT
  0x4c: (m, r) => m.push(textInt(r.line())), // LONG
  0x8a: (m, r) => m.push(decodeLong(r.take(r.u8()))), // LONG1
  0x8b: (m, r) => m.push(decodeLong(r.take(r.i32()))), // LONG4
  0x47: (m, r) => m.push(r.f64be()), // BINFLOAT (big-endian)
  0x46: (m, r) => m.push(Number(r.line())), // FLOAT
  0x58: (m, r) => m.push(r.utf8(r.u32())), // BINUNICODE
  0x8c: (m, r) => m.push(r.utf8(r.u8())), // SHORT_BINUNICODE
  0x8d: (m, r) => m.push(r.utf8(r.u64())), // BINUNICODE8
  0x56: (m, r) => m.push(r.line()), // UNICODE (raw-unicode-escape; ASCII names only here)
  0x55: (m, r) => m.push(latin1(r.take(r.u8()))), // SHORT_BINSTRING
  0x54: (m, r) => m.push(latin1(r.take(r.i32()))), // BINSTRING
  0x53: (m, r) => m.push(unquote(r.line())), // STRING
  0x43: (m, r) => m.push(r.take(r.u8()).slice()), // SHORT_BINBYTES
  0x42: (m, r) => m.push(r.take(r.u32()).slice()), // BINBYTES
  0x8e: (m, r) => m.push(r.take(r.u64()).slice()), // BINBYTES8
  0x96: (m, r) => m.push(r.take(r.u64()).slice()), // BYTEARRAY8
  0x71: (m, r) => m.put(r.u8()), // BINPUT
  0x72: (m, r) => m.put(r.u32()), // LONG_BINPUT
  0x70: (m, r) => m.put(memoIndex(r.line())), // PUT
  0x68: (m, r) => m.get(r.u8()), // BINGET
  0x6a: (m, r) => m.get(r.u32()), // LONG_BINGET
  0x67: (m, r) => m.get(memoIndex(r.line())), // GET
  0x63: (m, r) => m.global(r.line(), r.line()), // GLOBAL
  0x95: (_m, r) => void r.u64(), // FRAME: a length hint, the frame's opcodes follow as usual
  0x69: refuse('INST (protocol 0 object creation calls the class)'), // INST
  0x6f: refuse('OBJ (protocol 1 object creation calls the class)'), // OBJ
  0x82: refuse('the extension registry (EXT1)'), // EXT1
  0x83: refuse('the extension registry (EXT2)'), // EXT2
  0x84: refuse('the extension registry (EXT4)'), // EXT4
  0x97: refuse('out-of-band buffers (NEXT_BUFFER)'), // NEXT_BUFFER
  0x98: refuse('out-of-band buffers (READONLY_BUFFER)'), // READONLY_BUFFER
};

/**
 * Runs one pickle from `start` to its STOP opcode.
 * @param bytes the buffer holding the pickle (and possibly more after it)
 * @param hooks global classification and persistent-id resolution
 * @param start offset of the first opcode
 * @returns the unpickled value and the offset just after STOP
 * @throws TorchCheckpointError TRUNCATED, BAD_PICKLE or UNSAFE_GLOBAL
 */
export function unpickle(bytes: Uint8Array, hooks: PickleHooks, start = 0): Unpickled {
  const r = new Reader(bytes, start);
  const m = new Machine(hooks);
  for (;;) {
    const op = r.u8();
    if (op === 0x2e) {
      // STOP
      const value = m.pop();
      return { value, end: r.pos };
    }
    if (op === 0x80) {
      // PROTO
      const proto = r.u8();
      if (proto > 5) torchFail('BAD_PICKLE', `pickle protocol ${proto} is newer than 5`);
      continue;
    }
    const handler = OPS[op];
    if (handler === undefined)
      torchFail('BAD_PICKLE', `unknown opcode 0x${op.toString(16)} at byte ${r.pos - 1}`);
    handler(m, r);
  }
}
