/*
 * Fused activations shared by every kernel (dwconv, pool, eltwise and gemm's epilogues).
 *
 * eng_act_v applies enum eng_act to four lanes; eng_act_s is the same code on lane 0, so a
 * scalar tail gives bit-identical numbers to the vector body. No libc: exp is a polynomial.
 * eng_madd is a*b+c: fused (one rounding) in the relaxed build, mul then add in the plain one.
 */
#ifndef ENG_ACT_H
#define ENG_ACT_H
#include <wasm_simd128.h>
#include "engine.h"

#define ENG_INLINE static inline __attribute__((always_inline))

#ifdef ENG_RELAXED
#define eng_madd(a, b, c) __builtin_wasm_relaxed_madd_f32x4((a), (b), (c))
#else
#define eng_madd(a, b, c) wasm_f32x4_add(wasm_f32x4_mul((a), (b)), (c))
#endif

/*
 * The constants live in memory (act.c), read with one v128.load each: V8 builds every
 * v128.const in a loop body from general registers (about four instructions) and does not hoist
 * it, which made a swish epilogue cost three times the 3x3 depthwise convolution it followed.
 * Defined in another file so the compiler cannot fold the loads back into constants.
 */
enum {
  ENG_K_EXP_LO, ENG_K_EXP_HI, ENG_K_LOG2E, ENG_K_MAGIC, ENG_K_LN2_HI, ENG_K_LN2_LO,
  ENG_K_P6, ENG_K_P5, ENG_K_P4, ENG_K_P3, ENG_K_P2, ENG_K_ONE,
  ENG_K_THREE, ENG_K_SIX, ENG_K_SIXTH, ENG_K_COUNT
};
extern const float eng_act_k[ENG_K_COUNT][4];
#define ENG_K(i) wasm_v128_load(eng_act_k[i])

/*
 * exp(x) for x in [-87, 88] (clamped outside: callers only need it saturated there).
 * x = n*ln2 + r with |r| <= ln2/2; ln2 is split in two (Cody-Waite) so n*ln2_hi is exact.
 * n comes from adding 1.5*2^23 + 127: the sum rounds x*log2(e) to an integer and its low bits
 * are then n + 127, the exponent field of 2^n (cheaper in V8 than nearest + trunc_sat).
 * exp(r) by a degree-6 polynomial fitted for relative error on that range (2e-9 in exact
 * arithmetic; under 1e-7 with float32 Horner steps, checked over 2e5 points).
 */
ENG_INLINE v128_t eng_exp_v(v128_t x) {
  x = wasm_f32x4_pmin(wasm_f32x4_pmax(x, ENG_K(ENG_K_EXP_LO)), ENG_K(ENG_K_EXP_HI));
  v128_t t = eng_madd(x, ENG_K(ENG_K_LOG2E), ENG_K(ENG_K_MAGIC));
  v128_t n = wasm_f32x4_sub(t, ENG_K(ENG_K_MAGIC));
  v128_t r = eng_madd(n, ENG_K(ENG_K_LN2_HI), x);
  r = eng_madd(n, ENG_K(ENG_K_LN2_LO), r);
  v128_t p = ENG_K(ENG_K_P6);
  p = eng_madd(p, r, ENG_K(ENG_K_P5));
  p = eng_madd(p, r, ENG_K(ENG_K_P4));
  p = eng_madd(p, r, ENG_K(ENG_K_P3));
  p = eng_madd(p, r, ENG_K(ENG_K_P2));
  p = eng_madd(p, r, ENG_K(ENG_K_ONE));
  p = eng_madd(p, r, ENG_K(ENG_K_ONE));
  return wasm_f32x4_mul(p, wasm_i32x4_shl(t, 23));
}

/* 1 + exp(-x): exp's argument clamped to [-87, 88] (no inf), so its reciprocal is sigmoid. */
ENG_INLINE v128_t eng_one_plus_expneg_v(v128_t x) {
  return wasm_f32x4_add(ENG_K(ENG_K_ONE), eng_exp_v(wasm_f32x4_neg(x)));
}

/*
 * sigmoid = 1 / (1 + exp(-x)) and swish = x / (1 + exp(-x)): one division, no select, no abs.
 * Measured (gemm's swish epilogue, EfficientNet-B0 1x1 16->96 at 112x112, relaxed, Node CPU
 * time): 17 -> 21 GFLOP/s against exp(-|x|) + select + multiply; a sweep of x in [-100, 100]
 * stays within 1.6e-7 relative on both builds.
 */
ENG_INLINE v128_t eng_sigmoid_v(v128_t x) {
  return wasm_f32x4_div(ENG_K(ENG_K_ONE), eng_one_plus_expneg_v(x));
}

/* pmax(x, 0) = x < 0 ? 0 : x keeps NaN (as PyTorch's relu does) and is one instruction. */
ENG_INLINE v128_t eng_relu6_v(v128_t x) {
  return wasm_f32x4_pmin(wasm_f32x4_pmax(x, wasm_f32x4_splat(0.0f)), ENG_K(ENG_K_SIX));
}

ENG_INLINE v128_t eng_act_v(v128_t x, int act) {
  switch (act) {
  case ENG_ACT_RELU:
    return wasm_f32x4_pmax(x, wasm_f32x4_splat(0.0f));
  case ENG_ACT_RELU6:
    return eng_relu6_v(x);
  case ENG_ACT_HARDSWISH:
    return wasm_f32x4_mul(wasm_f32x4_mul(x, eng_relu6_v(wasm_f32x4_add(x, ENG_K(ENG_K_THREE)))),
                          ENG_K(ENG_K_SIXTH));
  case ENG_ACT_SWISH:
    return wasm_f32x4_div(x, eng_one_plus_expneg_v(x));
  case ENG_ACT_SIGMOID:
    return eng_sigmoid_v(x);
  case ENG_ACT_HARDSIGMOID:
    return wasm_f32x4_mul(eng_relu6_v(wasm_f32x4_add(x, ENG_K(ENG_K_THREE))), ENG_K(ENG_K_SIXTH));
  default:
    return x;
  }
}

ENG_INLINE float eng_act_s(float x, int act) {
  return wasm_f32x4_extract_lane(eng_act_v(wasm_f32x4_splat(x), act), 0);
}

/* Stores the first n (1..4) lanes of v: the channel tail of a view must not touch its neighbours. */
ENG_INLINE void eng_store_n(float *p, v128_t v, int n) {
  if (n >= 4) {
    wasm_v128_store(p, v);
    return;
  }
  if (n >= 2) {
    wasm_v128_store64_lane(p, v, 0);
    if (n == 3) wasm_v128_store32_lane(p + 2, v, 2);
  } else {
    wasm_v128_store32_lane(p, v, 0);
  }
}

#endif
