/*
 * Convolution as GEMM / IGEMM with packed weights and fused epilogues.
 *
 * Packing (why: the microkernel reads 8 output channels per k as two f32x4 loads, in order):
 *   header (16 floats: K, N, panels), then per panel of NR = 8 output channels:
 *   bias[8], then w[k][8] for k in [0, K); channels past N are zero.
 *
 * The microkernel computes MR x 8 outputs. It walks an indirection list: for each output row
 * (pixel) and each kernel tap, a pointer to `kc` contiguous input channels. A 1x1 stride-1
 * convolution (and a dense layer) is the case of one tap, whose pointers are pixel rows of the
 * input view, so both paths share one kernel. Padding taps point at a zero row.
 *
 * "loadsplat": each A value is broadcast straight from memory (v128.load32_splat, one
 * vbroadcastss on x64) and multiplied into 2 x MR accumulators; measured faster than loading 4 A
 * values and shuffling lanes out of them (issue 20's table). Measured here too (Zen 4, Node 20,
 * process CPU time): 4x8 beats 5x8 and 6x8 (V8 spills the accumulators past ~12 xmm registers:
 * 20-26 GFLOP/s against 45) and a k loop unrolled in C (clang hoists the loads of all the steps,
 * V8 spills: 24-28); V8 unrolls the one-step loop itself and keeps it in registers.
 *
 * The relaxed build fuses multiply and add (eng_madd, act.h): one rounding instead of two.
 */
#include <wasm_simd128.h>
#include "engine.h"
#include "act.h"

#define NR 8
#define MR 4
#define HDR 16 /* floats before the first panel: keeps panels 64-byte aligned */

#define FMA(a, b, c) eng_madd((a), (b), (c)) /* a * b + c */
/* In the 4x8 kernel: fused where `fused` (a constant after inlining), else mul then add. */
#define MULADD(a, b, c) wasm_f32x4_add(wasm_f32x4_mul((a), (b)), (c)) /* two roundings */
#define MADD(a, b, c) (fused ? FMA(a, b, c) : MULADD(a, b, c))

int32_t eng_build_relaxed(void) {
#ifdef ENG_RELAXED
  return 1;
#else
  return 0;
#endif
}

typedef struct {
  int32_t K, N, panels;
} pack_hdr;

void *eng_pack_gemm(const float *w, const float *bias, int32_t K, int32_t N) {
  if (K <= 0 || N <= 0) return 0;
  int32_t panels = (N + NR - 1) / NR;
  uint32_t floats = HDR + (uint32_t)panels * (uint32_t)(K + 1) * NR;
  float *out = (float *)eng_malloc(floats * 4);
  if (!out) return 0;
  pack_hdr *h = (pack_hdr *)out;
  h->K = K;
  h->N = N;
  h->panels = panels;
  float *dst = out + HDR;
  for (int32_t p = 0; p < panels; p++) {
    int32_t n0 = p * NR;
    for (int32_t j = 0; j < NR; j++) *dst++ = (bias && n0 + j < N) ? bias[n0 + j] : 0.0f;
    for (int32_t k = 0; k < K; k++) {
      const float *row = w + (uint32_t)k * (uint32_t)N;
      for (int32_t j = 0; j < NR; j++) *dst++ = n0 + j < N ? row[n0 + j] : 0.0f;
    }
  }
  return out;
}

/* Stores 8 outputs of one row; only the first nc (the channels that exist: a concatenation
 * slice has neighbours on both sides). */
static inline void store_row(float *c, v128_t lo, v128_t hi, int32_t nc) {
  if (nc >= NR) {
    wasm_v128_store(c, lo);
    wasm_v128_store(c + 4, hi);
    return;
  }
  float tmp[NR];
  wasm_v128_store(tmp, lo);
  wasm_v128_store(tmp + 4, hi);
  for (int32_t j = 0; j < nc; j++) c[j] = tmp[j];
}

/*
 * MR x 8 microkernel. Rows i < mr are real; rows past mr repeat row mr - 1 (results dropped).
 * Row i, tap t reads a[i * a_stride + t][0 .. kc). w: the panel (bias first). c: row 0's output,
 * rows c_stride floats apart. Instantiated twice (fused = 1 / 0) by the wrappers below.
 */
static inline __attribute__((always_inline)) void
kernel_4x8(int fused, int32_t mr, int32_t nc, int32_t kc, int32_t ks, const float *const *a,
           int32_t a_stride, const float *w, float *c, int32_t c_stride, int32_t act) {
  const float *const *r0 = a;
  const float *const *r1 = mr > 1 ? a + a_stride : r0;
  const float *const *r2 = mr > 2 ? a + 2 * a_stride : r1;
  const float *const *r3 = mr > 3 ? a + 3 * a_stride : r2;
  v128_t c0l = wasm_v128_load(w), c0h = wasm_v128_load(w + 4);
  v128_t c1l = c0l, c1h = c0h, c2l = c0l, c2h = c0h, c3l = c0l, c3h = c0h;
  w += NR;
  for (int32_t t = 0; t < ks; t++) {
    const float *a0 = r0[t], *a1 = r1[t], *a2 = r2[t], *a3 = r3[t];
    int32_t k = kc;
    /* One k per iteration on purpose (see the top of the file). */
#define STEP(o)                                                                       \
  do {                                                                                \
    v128_t bl = wasm_v128_load(w + 8 * (o)), bh = wasm_v128_load(w + 8 * (o) + 4);    \
    v128_t v0 = wasm_v128_load32_splat(a0 + (o));                                     \
    c0l = MADD(v0, bl, c0l);                                                           \
    c0h = MADD(v0, bh, c0h);                                                           \
    v128_t v1 = wasm_v128_load32_splat(a1 + (o));                                     \
    c1l = MADD(v1, bl, c1l);                                                           \
    c1h = MADD(v1, bh, c1h);                                                           \
    v128_t v2 = wasm_v128_load32_splat(a2 + (o));                                     \
    c2l = MADD(v2, bl, c2l);                                                           \
    c2h = MADD(v2, bh, c2h);                                                           \
    v128_t v3 = wasm_v128_load32_splat(a3 + (o));                                     \
    c3l = MADD(v3, bl, c3l);                                                           \
    c3h = MADD(v3, bh, c3h);                                                           \
  } while (0)
#pragma clang loop unroll(disable)
    for (; k > 0; k--) {
      STEP(0);
      a0++;
      a1++;
      a2++;
      a3++;
      w += 8;
    }
#undef STEP
  }
  if (act != ENG_ACT_NONE) {
    c0l = eng_act_v(c0l, act);
    c0h = eng_act_v(c0h, act);
    c1l = eng_act_v(c1l, act);
    c1h = eng_act_v(c1h, act);
    c2l = eng_act_v(c2l, act);
    c2h = eng_act_v(c2h, act);
    c3l = eng_act_v(c3l, act);
    c3h = eng_act_v(c3h, act);
  }
  store_row(c, c0l, c0h, nc);
  if (mr > 1) store_row(c + c_stride, c1l, c1h, nc);
  if (mr > 2) store_row(c + 2 * c_stride, c2l, c2h, nc);
  if (mr > 3) store_row(c + 3 * c_stride, c3l, c3h, nc);
}


/* Fused multiply-add in the relaxed build. */
static void kernel_4x8_fma(int32_t mr, int32_t nc, int32_t kc, int32_t ks, const float *const *a,
                           int32_t a_stride, const float *w, float *c, int32_t c_stride,
                           int32_t act) {
  kernel_4x8(1, mr, nc, kc, ks, a, a_stride, w, c, c_stride, act);
}

/* Mul then add, for taps of under 8 channels (stems: cin = 3) in both builds: there the fused
 * kernel measured 29-30 GFLOP/s against 43 for this one (ResNet-50's 7x7/2 stem, relaxed build;
 * the plain build's stem went 35 -> 42 with its own copy too). Likely the FMA's 4-cycle latency
 * against an add's 3, with the per-tap pointer loads to hide every 3 k. */
static void kernel_4x8_muladd(int32_t mr, int32_t nc, int32_t kc, int32_t ks,
                              const float *const *a, int32_t a_stride, const float *w, float *c,
                              int32_t c_stride, int32_t act) {
  kernel_4x8(0, mr, nc, kc, ks, a, a_stride, w, c, c_stride, act);
}

/* One output row (a dense layer, or a 1-row remainder): k split over 4 independent accumulator
 * pairs so the add latency does not serialise a single chain. Mul then add in both builds: the
 * fused version measured slower here (dense 2048->1000, relaxed build: 15 against 18-21
 * GFLOP/s). */
static void kernel_1x8(int32_t nc, int32_t kc, int32_t ks, const float *const *a, const float *w,
                       float *c, int32_t act) {
  v128_t l0 = wasm_v128_load(w), h0 = wasm_v128_load(w + 4);
  v128_t z = wasm_f32x4_splat(0.0f);
  v128_t l1 = z, h1 = z, l2 = z, h2 = z, l3 = z, h3 = z;
  w += NR;
  for (int32_t t = 0; t < ks; t++) {
    const float *a0 = a[t];
    int32_t k = kc;
    for (; k >= 4; k -= 4) {
      v128_t v0 = wasm_v128_load32_splat(a0), v1 = wasm_v128_load32_splat(a0 + 1);
      v128_t v2 = wasm_v128_load32_splat(a0 + 2), v3 = wasm_v128_load32_splat(a0 + 3);
      l0 = MULADD(v0, wasm_v128_load(w), l0);
      h0 = MULADD(v0, wasm_v128_load(w + 4), h0);
      l1 = MULADD(v1, wasm_v128_load(w + 8), l1);
      h1 = MULADD(v1, wasm_v128_load(w + 12), h1);
      l2 = MULADD(v2, wasm_v128_load(w + 16), l2);
      h2 = MULADD(v2, wasm_v128_load(w + 20), h2);
      l3 = MULADD(v3, wasm_v128_load(w + 24), l3);
      h3 = MULADD(v3, wasm_v128_load(w + 28), h3);
      a0 += 4;
      w += 32;
    }
    for (; k > 0; k--) {
      v128_t v0 = wasm_v128_load32_splat(a0++);
      l0 = MULADD(v0, wasm_v128_load(w), l0);
      h0 = MULADD(v0, wasm_v128_load(w + 4), h0);
      w += 8;
    }
  }
  v128_t lo = wasm_f32x4_add(wasm_f32x4_add(l0, l1), wasm_f32x4_add(l2, l3));
  v128_t hi = wasm_f32x4_add(wasm_f32x4_add(h0, h1), wasm_f32x4_add(h2, h3));
  if (act != ENG_ACT_NONE) {
    lo = eng_act_v(lo, act);
    hi = eng_act_v(hi, act);
  }
  store_row(c, lo, hi, nc);
}

/* ---- the conv op ---- */

typedef struct {
  const float *x;         /* GEMM mode: row p is x + p * x_stride */
  const float *const *ind; /* IGEMM mode: row p, tap t is ind[p * ks + t]; 0 in GEMM mode */
  float *y;
  const float *w; /* first panel */
  int32_t x_stride, y_stride;
  int32_t M, N, kc, ks, panels, act;
  int32_t mb, nb, m_tiles, n_tiles; /* rows and panels per tile */
  void *owned;                      /* indirection buffer + zero row, freed on release */
} conv_args;

_Static_assert(sizeof(conv_args) <= sizeof(((eng_op *)0)->args), "conv args fit in an op");

/* Rows [m0, m1) x panels [p0, p1): panels outside, rows inside, so one weight panel
 * (K * 32 bytes) stays in L1/L2 while the rows stream past it. */
static void conv_block(const conv_args *g, int32_t m0, int32_t m1, int32_t p0, int32_t p1) {
  const float *rows[MR];
  for (int32_t p = p0; p < p1; p++) {
    const float *w = g->w + (uint32_t)p * (uint32_t)(g->kc * g->ks + 1) * NR;
    int32_t nc = g->N - p * NR;
    if (nc > NR) nc = NR;
    for (int32_t m = m0; m < m1; m += MR) {
      int32_t mr = m1 - m < MR ? m1 - m : MR;
      const float *const *a;
      int32_t a_stride;
      if (g->ind) {
        a = g->ind + (uint32_t)m * (uint32_t)g->ks;
        a_stride = g->ks;
      } else {
        for (int32_t i = 0; i < mr; i++) rows[i] = g->x + (uint32_t)(m + i) * (uint32_t)g->x_stride;
        a = rows;
        a_stride = 1;
      }
      float *c = g->y + (uint32_t)m * (uint32_t)g->y_stride + p * NR;
      if (mr == 1)
        kernel_1x8(nc, g->kc, g->ks, a, w, c, g->act);
      else if (g->kc < 8)
        kernel_4x8_muladd(mr, nc, g->kc, g->ks, a, a_stride, w, c, g->y_stride, g->act);
      else
        kernel_4x8_fma(mr, nc, g->kc, g->ks, a, a_stride, w, c, g->y_stride, g->act);
    }
  }
}

static int32_t conv_tiles(const eng_op *op) {
  const conv_args *g = (const conv_args *)op->args;
  return g->m_tiles * g->n_tiles;
}

static void conv_run(const eng_op *op, int32_t tile) {
  const conv_args *g = (const conv_args *)op->args;
  int32_t mt = tile / g->n_tiles, nt = tile % g->n_tiles;
  int32_t m0 = mt * g->mb, m1 = m0 + g->mb > g->M ? g->M : m0 + g->mb;
  int32_t p0 = nt * g->nb, p1 = p0 + g->nb > g->panels ? g->panels : p0 + g->nb;
  conv_block(g, m0, m1, p0, p1);
}

static void conv_release(eng_op *op) {
  conv_args *g = (conv_args *)op->args;
  if (g->owned) eng_free(g->owned);
  g->owned = 0;
}

/* Tiles: about 16 when the work allows (any pool up to 8 threads balances and the last tile is
 * a small share), none under ~64K multiply-adds (dispatch amortised). Among the ways to cut
 * M x panels into that many tiles, the one that streams the fewest bytes: each row block reads
 * all its weight panels (K * N * 4 per row block), each panel block reads all its rows
 * (M * K * 4 per panel block), and a row block stays under ~512 KB so it is read from L2 by
 * every panel after the first. Big maps split rows; 7x7 maps and the dense head split panels. */
static void plan_tiles(conv_args *g) {
  int64_t k = (int64_t)g->kc * g->ks;
  int64_t macs = (int64_t)g->M * g->N * k;
  int32_t target = macs / 65536 < 16 ? (int32_t)(macs / 65536) : 16;
  if (target < 1) target = 1;
  int32_t groups = (g->M + MR - 1) / MR;
  int32_t max_groups = (int32_t)(131072 / (k * MR));
  if (max_groups < 1) max_groups = 1;
  int64_t best = -1;
  for (int32_t split = 1; split <= target && split <= g->panels; split++) {
    int32_t nb = (g->panels + split - 1) / split;
    int32_t n_tiles = (g->panels + nb - 1) / nb;
    int32_t want_m = (target + n_tiles - 1) / n_tiles;
    int32_t per = (groups + want_m - 1) / want_m;
    if (per > max_groups) per = max_groups;
    int32_t m_tiles = (g->M + per * MR - 1) / (per * MR);
    int64_t bytes = (int64_t)m_tiles * k * g->N + (int64_t)n_tiles * g->M * k;
    if (best < 0 || bytes < best) {
      best = bytes;
      g->mb = per * MR;
      g->m_tiles = m_tiles;
      g->nb = nb;
      g->n_tiles = n_tiles;
    }
  }
}

/* Indirection: for output pixel p and tap (i, j), the input pixel it reads, or the zero row. */
static int32_t build_indirection(conv_args *g, const float *x, int32_t x_h, int32_t x_w,
                                 int32_t x_c, int32_t x_stride, int32_t y_h, int32_t y_w,
                                 int32_t kh, int32_t kw, int32_t sh, int32_t sw, int32_t pt,
                                 int32_t pl, int32_t dh, int32_t dw) {
  uint32_t n_ptr = (uint32_t)y_h * (uint32_t)y_w * (uint32_t)(kh * kw);
  uint32_t zero_bytes = ((uint32_t)x_c * 4 + 63) & ~63u;
  unsigned char *mem = (unsigned char *)eng_malloc(zero_bytes + n_ptr * 4);
  if (!mem) return -2;
  float *zero = (float *)mem;
  memset(zero, 0, zero_bytes);
  const float **ind = (const float **)(mem + zero_bytes);
  uint32_t q = 0;
  for (int32_t oy = 0; oy < y_h; oy++)
    for (int32_t ox = 0; ox < y_w; ox++)
      for (int32_t i = 0; i < kh; i++)
        for (int32_t j = 0; j < kw; j++) {
          int32_t iy = oy * sh - pt + i * dh, ix = ox * sw - pl + j * dw;
          int inside = iy >= 0 && iy < x_h && ix >= 0 && ix < x_w;
          ind[q++] = inside ? x + ((uint32_t)iy * (uint32_t)x_w + (uint32_t)ix) * (uint32_t)x_stride
                            : zero;
        }
  g->owned = mem;
  g->ind = ind;
  return 0;
}

/* The arguments every conv op shares; ks = 1 and no indirection is the GEMM over pixels. */
static void conv_init(conv_args *g, const float *x, int32_t x_stride, float *y, int32_t y_stride,
                      int32_t M, const void *packed, int32_t kc, int32_t ks, int32_t act) {
  const pack_hdr *h = (const pack_hdr *)packed;
  memset(g, 0, sizeof *g);
  g->x = x;
  g->y = y;
  g->w = (const float *)packed + HDR;
  g->x_stride = x_stride;
  g->y_stride = y_stride;
  g->M = M;
  g->N = h->N;
  g->panels = h->panels;
  g->kc = kc;
  g->ks = ks;
  g->act = act;
}

static int32_t conv_check(const int32_t *v, int32_t n, const pack_hdr *h, int32_t K, int32_t N) {
  for (int32_t i = 0; i < n; i++)
    if (v[i] <= 0) return -1;
  return h->K == K && h->N == N ? 0 : -1;
}

int32_t eng_op_conv(eng_prog *p, float *x, int32_t x_h, int32_t x_w, int32_t x_c, int32_t x_stride,
                    float *y, int32_t y_h, int32_t y_w, int32_t y_c, int32_t y_stride,
                    int32_t kh, int32_t kw, int32_t sh, int32_t sw, int32_t pt, int32_t pl,
                    int32_t dh, int32_t dw, const void *packed, int32_t act) {
  const int32_t positive[] = {x_h, x_w, x_c, y_h, y_w, y_c, kh, kw, sh, sw, dh, dw, pt + 1, pl + 1,
                              x_stride - x_c + 1, y_stride - y_c + 1};
  if (!packed || conv_check(positive, 16, packed, kh * kw * x_c, y_c)) return -1;
  if (act < ENG_ACT_NONE || act > ENG_ACT_HARDSIGMOID) return -3;
  int gemm = kh == 1 && kw == 1 && sh == 1 && sw == 1 && pt == 0 && pl == 0 && y_h == x_h &&
             y_w == x_w;
  conv_args g;
  conv_init(&g, x, x_stride, y, y_stride, y_h * y_w, packed, x_c, gemm ? 1 : kh * kw, act);
  if (!gemm) {
    int32_t rc = build_indirection(&g, x, x_h, x_w, x_c, x_stride, y_h, y_w, kh, kw, sh, sw, pt,
                                   pl, dh, dw);
    if (rc) return rc;
  }
  plan_tiles(&g);
  eng_op *op = eng_prog_push(p);
  if (!op) {
    if (g.owned) eng_free(g.owned);
    return -2;
  }
  op->tiles = conv_tiles;
  op->run = conv_run;
  op->release = conv_release;
  memcpy(op->args, &g, sizeof g);
  return 0;
}

/* ---- benchmark ---- */

double eng_bench_gemm(int32_t m, int32_t k, int32_t n, int32_t reps) {
  if (m <= 0 || k <= 0 || n <= 0 || reps <= 0) return 0;
  float *a = (float *)eng_malloc((uint32_t)m * (uint32_t)k * 4);
  float *c = (float *)eng_malloc((uint32_t)m * (uint32_t)n * 4);
  void *w = 0;
  float *wsrc = (float *)eng_malloc((uint32_t)k * (uint32_t)n * 4);
  double flops = 0;
  if (a && c && wsrc) {
    /* Small non-zero values: no denormals, no overflow however large k is; cheap to fill. */
    for (uint32_t i = 0; i < (uint32_t)m * (uint32_t)k; i++) a[i] = 0.01f;
    for (uint32_t i = 0; i < (uint32_t)k * (uint32_t)n; i++) wsrc[i] = 0.02f;
    w = eng_pack_gemm(wsrc, 0, k, n);
  }
  if (w) {
    conv_args g;
    conv_init(&g, a, k, c, n, m, w, k, 1, ENG_ACT_NONE);
    plan_tiles(&g);
    eng_op op;
    memcpy(op.args, &g, sizeof g);
    int32_t tiles = g.m_tiles * g.n_tiles;
    for (int32_t r = 0; r < reps; r++)
      for (int32_t t = 0; t < tiles; t++) conv_run(&op, t);
    flops = 2.0 * m * (double)k * n * reps;
  }
  if (w) eng_free(w);
  if (wsrc) eng_free(wsrc);
  if (c) eng_free(c);
  if (a) eng_free(a);
  return flops;
}
