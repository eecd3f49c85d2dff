/*
 * Depthwise convolution: every channel convolved with its own kh x kw filter, SIMD over four
 * channels at a time. Tiles are output rows (times blocks of 64 channels). Rows above or below the input point at a zero row
 * owned by the op, so only the columns need bounds checks; the interior columns of 3x3 and 5x5
 * at stride 1 and 2 run an unrolled loop with the filter held in registers; border columns and
 * other sizes and strides point their out-of-row taps at the zero row too (same arithmetic
 * order everywhere).
 */
#include "kernel.h"

#define DW_MAXK 16

/* Multiply, then add, in both builds: measured (Node, 1 thread, best of 9-15 interleaved rounds,
 * 7 MobileNet/EfficientNet shapes) the relaxed FMA was 10-30% slower here, as every output
 * is one chain of K*K dependent FMAs (longer latency than add) while the multiplies of
 * mul + add run off the chain. */
#define dw_madd(a, b, c) wasm_f32x4_add(wasm_f32x4_mul((a), (b)), (c))

/* Packed block: a 64-byte header, bias[cpad], then w[kh*kw][cpad]; cpad = c rounded up to 4,
 * padded with zeros so a channel tail computes four lanes and stores the real ones. */
typedef struct {
  int32_t kh, kw, c, cpad;
} dw_header;
#define DW_HEADER 64

typedef struct {
  const float *x;
  int32_t xh, xw, xc, xs;
  float *y;
  int32_t yh, yw, ys;
  int32_t kh, kw, s, pt, pl, act, cpad;
  int32_t c0, c1, cblocks; /* this tile's channels [c0, c1); tiles = rows * cblocks */
  const float *bias, *w;
  float *zero;
} dw_args;
ENG_ARGS_FIT(dw_args);

void *eng_pack_dw(const float *w, const float *bias, int32_t kh, int32_t kw, int32_t c) {
  if (kh < 1 || kw < 1 || c < 1 || kh > DW_MAXK || kw > DW_MAXK) return 0;
  int32_t cpad = (c + 3) & ~3;
  uint32_t floats = (uint32_t)cpad * (uint32_t)(1 + kh * kw);
  unsigned char *block = eng_malloc(DW_HEADER + floats * 4);
  if (!block) return 0;
  dw_header *h = (dw_header *)block;
  h->kh = kh, h->kw = kw, h->c = c, h->cpad = cpad;
  float *out = (float *)(block + DW_HEADER);
  __builtin_memset(out, 0, floats * 4);
  for (int32_t i = 0; i < c; i++) out[i] = bias ? bias[i] : 0.0f;
  for (int32_t t = 0; t < kh * kw; t++)
    for (int32_t i = 0; i < c; i++) out[cpad * (1 + t) + i] = w[t * c + i];
  return block;
}

/* One output pixel, all channels. Taps left or right of the input read the zero row, so the
 * channel loop has no checks; with constant kh, kw (the fast sizes) it unrolls. */
ENG_INLINE void dw_pixel(const dw_args *a, const float *const *rows, int32_t ox, float *yp, int kh, int kw) {
  const float *tap[kh * kw];
  int32_t ix0 = ox * a->s - a->pl;
  for (int ky = 0; ky < kh; ky++)
    for (int kx = 0; kx < kw; kx++) {
      int32_t ix = ix0 + kx;
      tap[ky * kw + kx] = ix >= 0 && ix < a->xw ? rows[ky] + ix * a->xs : a->zero;
    }
  for (int32_t c = a->c0; c < a->c1; c += 4) {
    v128_t acc = wasm_v128_load(a->bias + c);
    for (int t = 0; t < kh * kw; t++)
      acc = dw_madd(wasm_v128_load(tap[t] + c), wasm_v128_load(a->w + t * a->cpad + c), acc);
    eng_store_n(yp + c, eng_act_v(acc, a->act), a->c1 - c);
  }
}

/* Columns [lo, hi] whose windows lie inside the row; K, S are constants after inlining. */
ENG_INLINE void dw_interior(const dw_args *a, const float *const *rows, float *yrow, int32_t lo,
                            int32_t hi, int K, int S) {
  const int32_t xs = a->xs, ys = a->ys;
  for (int32_t c = a->c0; c < a->c1; c += 4) {
    v128_t w[K * K];
    for (int t = 0; t < K * K; t++) w[t] = wasm_v128_load(a->w + t * a->cpad + c);
    const v128_t bias = wasm_v128_load(a->bias + c);
    const float *r[K];
    for (int ky = 0; ky < K; ky++) r[ky] = rows[ky] + (lo * S - a->pl) * xs + c;
    float *yp = yrow + lo * ys + c;
    const int n = a->c1 - c;
    for (int32_t ox = lo; ox <= hi; ox++) {
      v128_t acc = bias;
      for (int ky = 0; ky < K; ky++)
        for (int kx = 0; kx < K; kx++)
          acc = dw_madd(wasm_v128_load(r[ky] + kx * xs), w[ky * K + kx], acc);
      eng_store_n(yp, eng_act_v(acc, a->act), n);
      for (int ky = 0; ky < K; ky++) r[ky] += S * xs;
      yp += ys;
    }
  }
}

/* Fixed K, S: border columns through dw_pixel, the interior unrolled with the filter held. */
ENG_INLINE void dw_row_fixed(const dw_args *a, const float *const *rows, float *yrow, int32_t yw, int K, int S) {
  int32_t lo = (a->pl + S - 1) / S;
  int32_t last = a->xw - K + a->pl; /* largest ox*S whose window lies inside the row */
  int32_t hi = last < 0 ? -1 : last / S;
  if (hi > yw - 1) hi = yw - 1;
  if (lo > hi) lo = yw, hi = yw - 1; /* no interior: every column is a border column */
  for (int32_t ox = 0; ox < lo; ox++) dw_pixel(a, rows, ox, yrow + ox * a->ys, K, K);
  for (int32_t ox = hi + 1; ox < yw; ox++) dw_pixel(a, rows, ox, yrow + ox * a->ys, K, K);
  if (hi >= lo) dw_interior(a, rows, yrow, lo, hi, K, S);
}

static void dw_row(const dw_args *a, const float *const *rows, float *yrow, int32_t yw) {
  int32_t k = a->kh, s = a->s;
  if (a->kh == a->kw && k == 3 && s == 1) dw_row_fixed(a, rows, yrow, yw, 3, 1);
  else if (a->kh == a->kw && k == 3 && s == 2) dw_row_fixed(a, rows, yrow, yw, 3, 2);
  else if (a->kh == a->kw && k == 5 && s == 1) dw_row_fixed(a, rows, yrow, yw, 5, 1);
  else if (a->kh == a->kw && k == 5 && s == 2) dw_row_fixed(a, rows, yrow, yw, 5, 2);
  else
    for (int32_t ox = 0; ox < yw; ox++) dw_pixel(a, rows, ox, yrow + ox * a->ys, a->kh, a->kw);
}

/* Tiles are (output row, block of DW_CBLOCK channels): a 7x7x1152 map still splits evenly. */
#define DW_CBLOCK 64

static int32_t dw_tiles(const eng_op *op) {
  const dw_args *a = ENG_ARGS(dw_args, op);
  return a->yh * a->cblocks;
}

static void dw_tile(const eng_op *op, int32_t tile) {
  dw_args args = *ENG_ARGS(dw_args, op), *a = &args;
  int32_t oy = tile / a->cblocks, cb = tile % a->cblocks;
  a->c0 = cb * DW_CBLOCK;
  a->c1 = a->c0 + DW_CBLOCK < a->xc ? a->c0 + DW_CBLOCK : a->xc;
  const float *rows[DW_MAXK];
  for (int32_t ky = 0; ky < a->kh; ky++) {
    int32_t iy = oy * a->s - a->pt + ky;
    rows[ky] = iy >= 0 && iy < a->xh ? a->x + iy * a->xw * a->xs : a->zero;
  }
  float *yrow = a->y + oy * a->yw * a->ys;
  int32_t act = a->act;
  /* Swish and sigmoid as a second pass over the finished row: in the convolution's loop they
   * cost ~4.9 ns per vector, alone ~2.9; measured 1.2-1.35x faster for a swish depthwise layer
   * (relaxed; 1.1-1.2x plain), relu unchanged (Node CPU time, best of 15 interleaved rounds). */
  if (act == ENG_ACT_SWISH || act == ENG_ACT_SIGMOID) a->act = ENG_ACT_NONE;
  dw_row(a, rows, yrow, a->yw);
  if (act == a->act) return;
  for (int32_t ox = 0; ox < a->yw; ox++) {
    float *yp = yrow + ox * a->ys;
    if (act == ENG_ACT_SWISH)
      for (int32_t c = a->c0; c < a->c1; c += 4)
        eng_store_n(yp + c, eng_act_v(wasm_v128_load(yp + c), ENG_ACT_SWISH), a->c1 - c);
    else
      for (int32_t c = a->c0; c < a->c1; c += 4)
        eng_store_n(yp + c, eng_act_v(wasm_v128_load(yp + c), ENG_ACT_SIGMOID), a->c1 - c);
  }
}

static void dw_release(eng_op *op) { eng_free(((dw_args *)(void *)op->args)->zero); }

int32_t eng_op_dwconv(eng_prog *p, float *x, int32_t x_h, int32_t x_w, int32_t x_c, int32_t x_stride,
                      float *y, int32_t y_h, int32_t y_w, int32_t y_c, int32_t y_stride,
                      int32_t kh, int32_t kw, int32_t s, int32_t pt, int32_t pl,
                      const void *packed, int32_t act) {
  const dw_header *h = packed;
  if (!p || !h || !eng_rows_valid(x_h, x_w, x_c, x_stride) || !eng_rows_valid(y_h, y_w, y_c, y_stride))
    return -1;
  if (y_c != x_c || h->c != x_c || h->kh != kh || h->kw != kw || s < 1 || pt < 0 || pl < 0) return -1;
  if (kh > DW_MAXK || kw > DW_MAXK) return -3;
  /* The zero row stands for padded input rows; 4 floats more for a channel tail's last read. */
  float *zero = eng_malloc(((uint32_t)x_w * (uint32_t)x_stride + 4) * 4);
  if (!zero) return -2;
  __builtin_memset(zero, 0, ((size_t)x_w * (size_t)x_stride + 4) * 4);
  eng_op *op = eng_prog_push(p);
  if (!op) {
    eng_free(zero);
    return -2;
  }
  dw_args *a = (dw_args *)(void *)op->args;
  a->x = x, a->xh = x_h, a->xw = x_w, a->xc = x_c, a->xs = x_stride;
  a->y = y, a->yh = y_h, a->yw = y_w, a->ys = y_stride;
  a->kh = kh, a->kw = kw, a->s = s, a->pt = pt, a->pl = pl, a->act = act, a->cpad = h->cpad;
  a->bias = (const float *)((const unsigned char *)packed + DW_HEADER);
  a->w = a->bias + h->cpad;
  a->zero = zero;
  a->c0 = 0, a->c1 = x_c, a->cblocks = (x_c + DW_CBLOCK - 1) / DW_CBLOCK;
  op->tiles = dw_tiles;
  op->run = dw_tile;
  op->release = dw_release;
  return 0;
}
