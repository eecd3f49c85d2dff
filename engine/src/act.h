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
 * exp(x) for x in [-87, 88] (clamped outside: callers only need it saturated there).
 * x = n*ln2 + r with |r| <= ln2/2; ln2 is split in two (Cody-Waite) so n*ln2_hi is exact.
 * exp(r) by its degree-7 Taylor polynomial: truncation <= 0.347^8/8! * e^0.347 ~ 7e-9
 * relative, so the error is the float rounding of the Horner steps (~1e-7 relative).
 */
ENG_INLINE v128_t eng_exp_v(v128_t x) {
  x = wasm_f32x4_pmin(wasm_f32x4_pmax(x, wasm_f32x4_splat(-87.0f)), wasm_f32x4_splat(88.0f));
  v128_t n = wasm_f32x4_nearest(wasm_f32x4_mul(x, wasm_f32x4_splat(1.44269504088896341f)));
  v128_t r = eng_madd(n, wasm_f32x4_splat(-0.693359375f), x);
  r = eng_madd(n, wasm_f32x4_splat(2.12194440e-4f), r);
  v128_t p = wasm_f32x4_splat(1.0f / 5040.0f);
  p = eng_madd(p, r, wasm_f32x4_splat(1.0f / 720.0f));
  p = eng_madd(p, r, wasm_f32x4_splat(1.0f / 120.0f));
  p = eng_madd(p, r, wasm_f32x4_splat(1.0f / 24.0f));
  p = eng_madd(p, r, wasm_f32x4_splat(1.0f / 6.0f));
  p = eng_madd(p, r, wasm_f32x4_splat(0.5f));
  p = eng_madd(p, r, wasm_f32x4_splat(1.0f));
  p = eng_madd(p, r, wasm_f32x4_splat(1.0f));
  /* 2^n by building the exponent field; n is in [-126, 127] after the clamp. */
  v128_t pow2n = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(n), wasm_i32x4_splat(127)), 23);
  return wasm_f32x4_mul(p, pow2n);
}

/* sigmoid via z = exp(-|x|) so neither branch overflows: x >= 0: 1/(1+z), x < 0: z/(1+z). */
ENG_INLINE v128_t eng_sigmoid_v(v128_t x) {
  v128_t z = eng_exp_v(wasm_f32x4_neg(wasm_f32x4_abs(x)));
  v128_t one = wasm_f32x4_splat(1.0f);
  v128_t num = wasm_v128_bitselect(z, one, wasm_f32x4_lt(x, wasm_f32x4_splat(0.0f)));
  return wasm_f32x4_div(num, wasm_f32x4_add(one, z));
}

/* pmax(x, 0) = x < 0 ? 0 : x keeps NaN (as PyTorch's relu does) and is one instruction. */
ENG_INLINE v128_t eng_relu6_v(v128_t x) {
  return wasm_f32x4_pmin(wasm_f32x4_pmax(x, wasm_f32x4_splat(0.0f)), wasm_f32x4_splat(6.0f));
}

ENG_INLINE v128_t eng_act_v(v128_t x, int act) {
  switch (act) {
  case ENG_ACT_RELU:
    return wasm_f32x4_pmax(x, wasm_f32x4_splat(0.0f));
  case ENG_ACT_RELU6:
    return eng_relu6_v(x);
  case ENG_ACT_HARDSWISH:
    return wasm_f32x4_mul(wasm_f32x4_mul(x, eng_relu6_v(wasm_f32x4_add(x, wasm_f32x4_splat(3.0f)))),
                          wasm_f32x4_splat(1.0f / 6.0f));
  case ENG_ACT_SWISH:
    return wasm_f32x4_mul(x, eng_sigmoid_v(x));
  case ENG_ACT_SIGMOID:
    return eng_sigmoid_v(x);
  case ENG_ACT_HARDSIGMOID:
    return wasm_f32x4_mul(eng_relu6_v(wasm_f32x4_add(x, wasm_f32x4_splat(3.0f))),
                          wasm_f32x4_splat(1.0f / 6.0f));
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
