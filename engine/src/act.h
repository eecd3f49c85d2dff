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

/*
 * exp(-x) for x in [-88, 87] (clamped outside). -x = n*ln2 + r, |r| <= ln2/2, ln2 split in two
 * (Cody-Waite). t = -x*log2(e) + 1.5*2^23 + 127: the add rounds to the integer n and leaves
 * n + 127 in t's low mantissa bits, so t << 23 is 2^n (no round, no float-to-int convert).
 * exp(r) by a degree-6 polynomial fitted (least squares, relative) on |r| <= ln2/2: 1e-7
 * relative in float32. Measured in gemm's swish epilogue (EfficientNet-B0 1x1 16->96 at
 * 112x112, relaxed build): 15.1 -> 21.0 GFLOP/s against exp(-|x|) + select; a sweep of
 * x in [-100, 100] gives 1.4e-7 relative (was 1.8e-7) for swish and sigmoid on both builds.
 */
ENG_INLINE v128_t eng_expneg_v(v128_t x) {
  x = wasm_f32x4_pmin(wasm_f32x4_pmax(x, wasm_f32x4_splat(-88.0f)), wasm_f32x4_splat(87.0f));
  const float magic = 12582912.0f + 127.0f;
  v128_t t = eng_madd(x, wasm_f32x4_splat(-1.44269504088896341f), wasm_f32x4_splat(magic));
  v128_t n = wasm_f32x4_sub(t, wasm_f32x4_splat(magic));
  /* s = x + n*ln2 = -r: the polynomial below is p(-s) (odd coefficients negated). */
  v128_t s = eng_madd(n, wasm_f32x4_splat(0.693359375f), x);
  s = eng_madd(n, wasm_f32x4_splat(-2.12194440e-4f), s);
  v128_t p = wasm_f32x4_splat(0.0013829420786350965f);
  p = eng_madd(p, s, wasm_f32x4_splat(-0.008374771103262901f));
  p = eng_madd(p, s, wasm_f32x4_splat(0.0416683591902256f));
  p = eng_madd(p, s, wasm_f32x4_splat(-0.1666642129421234f));
  p = eng_madd(p, s, wasm_f32x4_splat(0.49999991059303284f));
  p = eng_madd(p, s, wasm_f32x4_splat(-1.0f));
  p = eng_madd(p, s, wasm_f32x4_splat(1.0f));
  return wasm_f32x4_mul(p, wasm_i32x4_shl(t, 23));
}

/* sigmoid = 1 / (1 + exp(-x)); exp(-x) is clamped to [e^-87, e^88], so no inf, no NaN. */
ENG_INLINE v128_t eng_sigmoid_v(v128_t x) {
  v128_t one = wasm_f32x4_splat(1.0f);
  return wasm_f32x4_div(one, wasm_f32x4_add(one, eng_expneg_v(x)));
}

/* swish = x / (1 + exp(-x)): one division, no select. */
ENG_INLINE v128_t eng_swish_v(v128_t x) {
  return wasm_f32x4_div(x, wasm_f32x4_add(wasm_f32x4_splat(1.0f), eng_expneg_v(x)));
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
    return eng_swish_v(x);
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
