/*
 * Pooling: max (padding never wins), average (divisor k*k or the real pixel count) and global
 * average. Tiles are output rows for max/avg and blocks of 16 channels for the global average
 * (its output is one pixel). Windows are clipped to the input, so padding costs nothing.
 */
#include "kernel.h"

typedef struct {
  const float *x;
  int32_t xh, xw, xc, xs;
  float *y;
  int32_t yh, yw, ys;
  int32_t k, s, pad, include_pad;
} pool_args;
ENG_ARGS_FIT(pool_args);

static int32_t pool_tiles(const eng_op *op) { return ENG_ARGS(pool_args, op)->yh; }

/* The window's rows [*lo, *hi) clipped to [0, n). */
static void clip(int32_t o, const pool_args *a, int32_t n, int32_t *lo, int32_t *hi) {
  int32_t start = o * a->s - a->pad;
  *lo = start < 0 ? 0 : start;
  *hi = start + a->k > n ? n : start + a->k;
}

static void maxpool_tile(const eng_op *op, int32_t oy) {
  const pool_args *a = ENG_ARGS(pool_args, op);
  int32_t y0, y1, x0, x1;
  clip(oy, a, a->xh, &y0, &y1);
  for (int32_t ox = 0; ox < a->yw; ox++) {
    clip(ox, a, a->xw, &x0, &x1);
    float *yp = a->y + (oy * a->yw + ox) * a->ys;
    for (int32_t c = 0; c < a->xc; c += 4) {
      v128_t acc = wasm_f32x4_splat(-__builtin_inff());
      for (int32_t iy = y0; iy < y1; iy++)
        for (int32_t ix = x0; ix < x1; ix++)
          acc = wasm_f32x4_max(acc, wasm_v128_load(a->x + (iy * a->xw + ix) * a->xs + c));
      eng_store_n(yp + c, acc, a->xc - c);
    }
  }
}

static void avgpool_tile(const eng_op *op, int32_t oy) {
  const pool_args *a = ENG_ARGS(pool_args, op);
  int32_t y0, y1, x0, x1;
  clip(oy, a, a->xh, &y0, &y1);
  for (int32_t ox = 0; ox < a->yw; ox++) {
    clip(ox, a, a->xw, &x0, &x1);
    int32_t count = a->include_pad ? a->k * a->k : (y1 - y0) * (x1 - x0);
    v128_t div = wasm_f32x4_splat(count > 0 ? (float)count : 1.0f);
    float *yp = a->y + (oy * a->yw + ox) * a->ys;
    for (int32_t c = 0; c < a->xc; c += 4) {
      v128_t acc = wasm_f32x4_splat(0.0f);
      for (int32_t iy = y0; iy < y1; iy++)
        for (int32_t ix = x0; ix < x1; ix++)
          acc = wasm_f32x4_add(acc, wasm_v128_load(a->x + (iy * a->xw + ix) * a->xs + c));
      eng_store_n(yp + c, wasm_f32x4_div(acc, div), a->xc - c);
    }
  }
}

static int32_t push_pool(eng_prog *p, eng_tile_fn run, const float *x, int32_t x_h, int32_t x_w,
                         int32_t x_c, int32_t x_stride, float *y, int32_t y_h, int32_t y_w,
                         int32_t y_stride, int32_t k, int32_t s, int32_t pad, int32_t include_pad) {
  if (!p || !eng_rows_valid(x_h, x_w, x_c, x_stride) || !eng_rows_valid(y_h, y_w, x_c, y_stride))
    return -1;
  if (k < 1 || s < 1 || pad < 0 || pad >= k) return -1;
  eng_op *op = eng_prog_push(p);
  if (!op) return -2;
  pool_args *a = (pool_args *)(void *)op->args;
  a->x = x, a->xh = x_h, a->xw = x_w, a->xc = x_c, a->xs = x_stride;
  a->y = y, a->yh = y_h, a->yw = y_w, a->ys = y_stride;
  a->k = k, a->s = s, a->pad = pad, a->include_pad = include_pad;
  op->tiles = pool_tiles;
  op->run = run;
  return 0;
}

int32_t eng_op_maxpool(eng_prog *p, float *x, int32_t x_h, int32_t x_w, int32_t x_c, int32_t x_stride,
                       float *y, int32_t y_h, int32_t y_w, int32_t y_stride,
                       int32_t k, int32_t s, int32_t pad) {
  return push_pool(p, maxpool_tile, x, x_h, x_w, x_c, x_stride, y, y_h, y_w, y_stride, k, s, pad, 0);
}

int32_t eng_op_avgpool(eng_prog *p, float *x, int32_t x_h, int32_t x_w, int32_t x_c, int32_t x_stride,
                       float *y, int32_t y_h, int32_t y_w, int32_t y_stride,
                       int32_t k, int32_t s, int32_t pad, int32_t count_include_pad) {
  return push_pool(p, avgpool_tile, x, x_h, x_w, x_c, x_stride, y, y_h, y_w, y_stride, k, s, pad,
                   count_include_pad != 0);
}

/* Global average: 16 channels per tile, so threads split the channels of a 7x7x1280 map. */
#define GAP_BLOCK 16

static int32_t gap_tiles(const eng_op *op) {
  return (ENG_ARGS(pool_args, op)->xc + GAP_BLOCK - 1) / GAP_BLOCK;
}

static void gap_tile(const eng_op *op, int32_t t) {
  const pool_args *a = ENG_ARGS(pool_args, op);
  int32_t n = a->xh * a->xw, c1 = (t + 1) * GAP_BLOCK;
  if (c1 > a->xc) c1 = a->xc;
  v128_t div = wasm_f32x4_splat((float)n);
  for (int32_t c = t * GAP_BLOCK; c < c1; c += 4) {
    v128_t acc = wasm_f32x4_splat(0.0f);
    for (int32_t i = 0; i < n; i++) acc = wasm_f32x4_add(acc, wasm_v128_load(a->x + i * a->xs + c));
    eng_store_n(a->y + c, wasm_f32x4_div(acc, div), c1 - c);
  }
}

int32_t eng_op_gap(eng_prog *p, float *x, int32_t x_h, int32_t x_w, int32_t x_c, int32_t x_stride,
                   float *y) {
  if (!p || !eng_rows_valid(x_h, x_w, x_c, x_stride)) return -1;
  eng_op *op = eng_prog_push(p);
  if (!op) return -2;
  pool_args *a = (pool_args *)(void *)op->args;
  a->x = x, a->xh = x_h, a->xw = x_w, a->xc = x_c, a->xs = x_stride;
  a->y = y, a->yh = 1, a->yw = 1, a->ys = x_c;
  op->tiles = gap_tiles;
  op->run = gap_tile;
  return 0;
}
