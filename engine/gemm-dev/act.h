/* TEMPORARY stand-in for e-core's act.h (dev build of gemm.c only). */
#include <wasm_simd128.h>
static inline float dev_exp(float x) {
  if (x < -87.f) return 0.f;
  if (x > 88.f) x = 88.f;
  float n = __builtin_floorf(x * 1.44269504f + 0.5f);
  float r = x - n * 0.693147181f;
  float p = 1.f + r * (1.f + r * (0.5f + r * (1.f / 6 + r * (1.f / 24 + r * (1.f / 120 + r * (1.f / 720))))));
  int32_t e = (int32_t)n;
  union { int32_t i; float f; } u; u.i = (e + 127) << 23;
  return p * u.f;
}
static inline float eng_act_s(float x, int32_t act) {
  switch (act) {
    case 1: return x > 0 ? x : 0;
    case 2: return x < 0 ? 0 : x > 6 ? 6 : x;
    case 3: { float t = x + 3; t = t < 0 ? 0 : t > 6 ? 6 : t; return x * t / 6; }
    case 4: return x / (1 + dev_exp(-x));
    case 5: return 1 / (1 + dev_exp(-x));
    case 6: { float t = x + 3; t = t < 0 ? 0 : t > 6 ? 6 : t; return t / 6; }
    default: return x;
  }
}
static inline v128_t eng_act_v(v128_t x, int32_t act) {
  if (act == 1) return wasm_f32x4_max(x, wasm_f32x4_splat(0));
  if (act == 2) return wasm_f32x4_min(wasm_f32x4_max(x, wasm_f32x4_splat(0)), wasm_f32x4_splat(6));
  float t[4]; wasm_v128_store(t, x);
  for (int i = 0; i < 4; i++) t[i] = eng_act_s(t[i], act);
  return wasm_v128_load(t);
}
