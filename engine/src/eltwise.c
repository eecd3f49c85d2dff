/*
 * Element-wise ops on views: affine (a BatchNorm after no conv), activation, residual add,
 * squeeze-and-excitation scale, copy. Tiles are rows. When every view of an op is dense
 * (stride == c) a row is one run of w*c floats, so small channel counts still fill vectors.
 */
#include "kernel.h"

enum { EW_AFFINE, EW_ACT, EW_ADD, EW_SCALE, EW_COPY };

typedef struct {
  const float *x, *b, *param; /* b: add's second input; param: scale_shift or gate */
  float *y;
  int32_t h, w, c, xs, bs, ys, act, kind;
} ew_args;
ENG_ARGS_FIT(ew_args);

static int32_t ew_tiles(const eng_op *op) { return ENG_ARGS(ew_args, op)->h; }

/* n floats of one pixel (or of a dense row); ch indexes the per-channel parameters. */
ENG_INLINE void ew_run(const ew_args *a, const float *x, const float *b, float *y, int32_t n, int kind) {
  for (int32_t c = 0; c < n; c += 4) {
    v128_t v = wasm_v128_load(x + c);
    switch (kind) {
    case EW_AFFINE:
      v = eng_act_v(eng_madd(v, wasm_v128_load(a->param + c), wasm_v128_load(a->param + a->c + c)), a->act);
      break;
    case EW_ACT:
      v = eng_act_v(v, a->act);
      break;
    case EW_ADD:
      v = eng_act_v(wasm_f32x4_add(v, wasm_v128_load(b + c)), a->act);
      break;
    case EW_SCALE:
      v = wasm_f32x4_mul(v, wasm_v128_load(a->param + c));
      break;
    default:
      break;
    }
    eng_store_n(y + c, v, n - c);
  }
}

ENG_INLINE void ew_row(const ew_args *a, int32_t row, int kind) {
  const float *x = a->x + row * a->w * a->xs;
  const float *b = a->b + row * a->w * a->bs;
  float *y = a->y + row * a->w * a->ys;
  int dense = a->xs == a->c && a->ys == a->c && (kind != EW_ADD || a->bs == a->c);
  if (dense && kind != EW_AFFINE && kind != EW_SCALE) {
    ew_run(a, x, b, y, a->w * a->c, kind);
    return;
  }
  for (int32_t i = 0; i < a->w; i++) ew_run(a, x + i * a->xs, b + i * a->bs, y + i * a->ys, a->c, kind);
}

static void ew_tile(const eng_op *op, int32_t row) {
  const ew_args *a = ENG_ARGS(ew_args, op);
  switch (a->kind) {
  case EW_AFFINE:
    ew_row(a, row, EW_AFFINE);
    break;
  case EW_ACT:
    ew_row(a, row, EW_ACT);
    break;
  case EW_ADD:
    ew_row(a, row, EW_ADD);
    break;
  case EW_SCALE:
    ew_row(a, row, EW_SCALE);
    break;
  default:
    ew_row(a, row, EW_COPY);
    break;
  }
}

static int32_t ew_push(eng_prog *p, const ew_args *args) {
  if (!p || !eng_rows_valid(args->h, args->w, args->c, args->xs) || args->ys < args->c) return -1;
  if (args->kind == EW_ADD && args->bs < args->c) return -1;
  eng_op *op = eng_prog_push(p);
  if (!op) return -2;
  __builtin_memcpy(op->args, args, sizeof(*args));
  op->tiles = ew_tiles;
  op->run = ew_tile;
  return 0;
}

int32_t eng_op_affine(eng_prog *p, float *x, int32_t x_h, int32_t x_w, int32_t x_c, int32_t x_stride,
                      float *y, int32_t y_stride, const float *scale_shift, int32_t act) {
  ew_args a = {x, x, scale_shift, y, x_h, x_w, x_c, x_stride, x_stride, y_stride, act, EW_AFFINE};
  return ew_push(p, &a);
}

int32_t eng_op_act(eng_prog *p, float *x, int32_t x_h, int32_t x_w, int32_t x_c, int32_t x_stride,
                   float *y, int32_t y_stride, int32_t act) {
  ew_args a = {x, x, 0, y, x_h, x_w, x_c, x_stride, x_stride, y_stride, act, EW_ACT};
  return ew_push(p, &a);
}

int32_t eng_op_add(eng_prog *p, float *a_, int32_t a_stride, float *b, int32_t b_stride,
                   int32_t h, int32_t w, int32_t c, float *y, int32_t y_stride, int32_t act) {
  ew_args a = {a_, b, 0, y, h, w, c, a_stride, b_stride, y_stride, act, EW_ADD};
  return ew_push(p, &a);
}

int32_t eng_op_scale_channels(eng_prog *p, float *x, int32_t x_h, int32_t x_w, int32_t x_c,
                              int32_t x_stride, const float *gate, float *y, int32_t y_stride) {
  ew_args a = {x, x, gate, y, x_h, x_w, x_c, x_stride, x_stride, y_stride, 0, EW_SCALE};
  return ew_push(p, &a);
}

int32_t eng_op_copy(eng_prog *p, float *x, int32_t x_h, int32_t x_w, int32_t x_c, int32_t x_stride,
                    float *y, int32_t y_stride) {
  ew_args a = {x, x, 0, y, x_h, x_w, x_c, x_stride, x_stride, y_stride, 0, EW_COPY};
  return ew_push(p, &a);
}
