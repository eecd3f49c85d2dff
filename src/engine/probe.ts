/**
 * Which engine build this runtime can run: `WebAssembly.validate` on two tiny hand-assembled
 * modules, one using `f32x4.relaxed_madd` (relaxed SIMD), one plain SIMD128 `f32x4.add`.
 * Validation compiles nothing and takes microseconds. Node 20 (V8 11.3) validates relaxed SIMD
 * only with --experimental-wasm-relaxed-simd; Chrome/Edge 114+ and Firefox 146+ by default.
 */
import type { EngineBuild } from './types.ts';

const V128_ZERO = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];

/**
 * @param operands v128.const 0 pushed this many times
 * @param op the SIMD opcode bytes consuming them (one v128 result, dropped)
 * @returns a module with one function `() -> ()` whose body is that instruction
 */
function probeModule(operands: number, op: readonly number[]): Uint8Array<ArrayBuffer> {
  const body = [
    0x00,
    ...Array.from({ length: operands }, () => V128_ZERO).flat(),
    ...op,
    0x1a,
    0x0b,
  ];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // magic, version 1
    ...[0x01, 0x04, 0x01, 0x60, 0x00, 0x00], // type section: one func type () -> ()
    ...[0x03, 0x02, 0x01, 0x00], // function section: one function of type 0
    ...[0x0a, body.length + 2, 0x01, body.length, ...body], // code section
  ]);
}

/** f32x4.relaxed_madd (0xfd 0x105, LEB128 0x85 0x02) on three zero vectors. */
export const RELAXED_PROBE = probeModule(3, [0xfd, 0x85, 0x02]);
/** f32x4.add (0xfd 0xe4 0x01) on two zero vectors. */
export const SIMD_PROBE = probeModule(2, [0xfd, 0xe4, 0x01]);

const validates = (bytes: Uint8Array<ArrayBuffer>): boolean => {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(bytes);
  } catch {
    return false;
  }
};

/** @returns the fastest build this runtime validates, or null (the caller falls back to tfjs-wasm) */
export function pickBuild(): EngineBuild | null {
  if (validates(RELAXED_PROBE)) return 'relaxed-simd';
  return validates(SIMD_PROBE) ? 'simd' : null;
}
