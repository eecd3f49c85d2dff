/*
 * CheXtransfer engine: the ABI between the TypeScript compiler (src/engine) and the C kernels.
 *
 * Conventions (why: one memory plan, no per-op copies through JavaScript):
 * - Every pointer is a byte offset into the module's linear memory (shared in the threaded
 *   builds). Tensors are float32 NHWC with batch 1; a batch runs image by image.
 * - A tensor argument is a "view": (ptr, h, w, c, stride) where `stride` is the number of floats
 *   between two adjacent pixels (>= c). A view with stride > c is a channel slice of a wider
 *   buffer: DenseNet's and Inception's concatenations write into slices instead of copying.
 *   In the function signatures below a view is written VIEW(x) =
 *     float *x, int32_t x_h, int32_t x_w, int32_t x_c, int32_t x_stride
 * - Weights arrive in TensorFlow.js layouts (conv HWIO: [kh][kw][cin][cout]; depthwise
 *   [kh][kw][c]; dense [cin][cout]) and are packed once, at load, by eng_pack_*; the packed
 *   block (owned by the caller, freed with eng_free) also holds the bias.
 * - Every non-static function is exported (the build links with --export-dynamic); helpers
 *   stay `static`.
 * - Two instruction sets from one source: ENG_RELAXED (set by the build) selects
 *   __builtin_wasm_relaxed_madd_f32x4 in the microkernels, else plain mul + add. Each is linked
 *   twice: with a shared memory (pool threads) and with a private one (pages that are not
 *   cross-origin isolated, where shared memory is unavailable): the .wasm files in engine/dist.
 * - Ops are appended to a program, then eng_run executes the whole program, splitting each op's
 *   output tiles across the thread pool. Nothing is allocated during eng_run.
 */
#ifndef ENGINE_H
#define ENGINE_H
#include <stdint.h>
#include <stddef.h>

/* Fused epilogue activations (same numbers on the TypeScript side: src/engine/abi.ts). */
enum eng_act {
  ENG_ACT_NONE = 0,
  ENG_ACT_RELU = 1,
  ENG_ACT_RELU6 = 2,
  ENG_ACT_HARDSWISH = 3,   /* x * relu6(x + 3) / 6, PyTorch's */
  ENG_ACT_SWISH = 4,       /* x * sigmoid(x), one pass */
  ENG_ACT_SIGMOID = 5,
  ENG_ACT_HARDSIGMOID = 6, /* relu6(x + 3) / 6, PyTorch's */
};

/* ---- memory (runtime.c) ---- */
/* 64-byte aligned; grows the memory when needed; returns 0 when the memory cannot grow. */
void *eng_malloc(uint32_t bytes);
void eng_free(void *p);
/* Bytes currently allocated (for tests and the badge's memory figure). */
uint32_t eng_allocated(void);

/* ---- packing (gemm.c, dwconv.c) ---- */
/* Conv (any kh, kw) and dense: w is [K][N] with K = kh*kw*cin, N = cout; bias may be 0 (zeros). */
void *eng_pack_gemm(const float *w, const float *bias, int32_t K, int32_t N);
/* Depthwise: w is [kh][kw][c]; bias may be 0. */
void *eng_pack_dw(const float *w, const float *bias, int32_t kh, int32_t kw, int32_t c);

/* ---- programs (runtime.c) ---- */
typedef struct eng_prog eng_prog;
eng_prog *eng_prog_new(void);
/* Frees the program and what its ops own (indirection buffers), not packed weights. */
void eng_prog_free(eng_prog *p);
/* Number of ops appended so far. */
int32_t eng_prog_ops(const eng_prog *p);

/*
 * Ops. Each returns 0, or a negative code when its arguments are inconsistent
 * (-1 bad shape, -2 out of memory, -3 unsupported).
 */
/* Convolution with packed weights from eng_pack_gemm(K = kh*kw*in_c, N = out_c), zero padding
 * pt/pl at top/left (bottom/right implied by the output size), stride and dilation per axis.
 * 1x1 / stride 1 / pad 0 runs as a GEMM over pixels; anything else as an IGEMM over an
 * indirection buffer built here. A dense layer is a 1x1 conv on a 1x1 view. */
int32_t eng_op_conv(eng_prog *p, float *x, int32_t x_h, int32_t x_w, int32_t x_c, int32_t x_stride,
                    float *y, int32_t y_h, int32_t y_w, int32_t y_c, int32_t y_stride,
                    int32_t kh, int32_t kw, int32_t sh, int32_t sw, int32_t pt, int32_t pl,
                    int32_t dh, int32_t dw, const void *packed, int32_t act);
/* Depthwise conv (channels kept), packed by eng_pack_dw; zero padding pt/pl. */
int32_t eng_op_dwconv(eng_prog *p, float *x, int32_t x_h, int32_t x_w, int32_t x_c, int32_t x_stride,
                      float *y, int32_t y_h, int32_t y_w, int32_t y_c, int32_t y_stride,
                      int32_t kh, int32_t kw, int32_t s, int32_t pt, int32_t pl,
                      const void *packed, int32_t act);
/* y = act(x * scale[c] + shift[c]): a BatchNorm that follows no conv. scale_shift = [scale(c), shift(c)]. */
int32_t eng_op_affine(eng_prog *p, float *x, int32_t x_h, int32_t x_w, int32_t x_c, int32_t x_stride,
                      float *y, int32_t y_stride, const float *scale_shift, int32_t act);
/* y = act(x), same shape. */
int32_t eng_op_act(eng_prog *p, float *x, int32_t x_h, int32_t x_w, int32_t x_c, int32_t x_stride,
                   float *y, int32_t y_stride, int32_t act);
/* Max pool, padding with -inf (padded pixels never win). */
int32_t eng_op_maxpool(eng_prog *p, float *x, int32_t x_h, int32_t x_w, int32_t x_c, int32_t x_stride,
                       float *y, int32_t y_h, int32_t y_w, int32_t y_stride,
                       int32_t k, int32_t s, int32_t pad);
/* Average pool; count_include_pad = 1 divides every window by k*k (PyTorch's default),
 * 0 by the number of real pixels in the window. */
int32_t eng_op_avgpool(eng_prog *p, float *x, int32_t x_h, int32_t x_w, int32_t x_c, int32_t x_stride,
                       float *y, int32_t y_h, int32_t y_w, int32_t y_stride,
                       int32_t k, int32_t s, int32_t pad, int32_t count_include_pad);
/* Global average pool to y[c] (contiguous). */
int32_t eng_op_gap(eng_prog *p, float *x, int32_t x_h, int32_t x_w, int32_t x_c, int32_t x_stride,
                   float *y);
/* y = act(a + b), same shape (residual add; act is NONE or RELU in practice). */
int32_t eng_op_add(eng_prog *p, float *a, int32_t a_stride, float *b, int32_t b_stride,
                   int32_t h, int32_t w, int32_t c, float *y, int32_t y_stride, int32_t act);
/* Squeeze-and-excitation scale: y[p][c] = x[p][c] * gate[c] (gate contiguous, length c). */
int32_t eng_op_scale_channels(eng_prog *p, float *x, int32_t x_h, int32_t x_w, int32_t x_c,
                              int32_t x_stride, const float *gate, float *y, int32_t y_stride);
/* Copies a view into another (a concatenation input that could not be placed in its slice). */
int32_t eng_op_copy(eng_prog *p, float *x, int32_t x_h, int32_t x_w, int32_t x_c, int32_t x_stride,
                    float *y, int32_t y_stride);

/* ---- running (runtime.c) ---- */
/* Runs every op in order on `threads` threads (1 = only the caller; at most 1 + the workers
 * parked in eng_worker_loop). Returns 0, or the first op's negative code. */
int32_t eng_run(eng_prog *p, int32_t threads);
/* Body of a pool thread: tid >= 1. Parks on an atomic wait; returns only after eng_shutdown.
 * The threaded builds only; each pool thread runs its own instance on the shared memory and
 * must first give that instance its own stack (eng_thread_init). */
void eng_worker_loop(int32_t tid);
/* Sets this instance's stack to [base, base + bytes) (from eng_malloc on the main instance). */
void eng_thread_init(void *stack_base, uint32_t bytes);
/* This instance's stack pointer: a test that eng_thread_init moved the stack. */
uint32_t eng_stack_probe(void);
/* Number of pool threads parked (tid >= 1) right now. */
int32_t eng_workers_ready(void);
/* Tiles thread `tid` ran during the last eng_run that used the pool (0 after a single-thread
 * run): lets tests prove that the work was split. */
int32_t eng_pool_tiles(int32_t tid);
/* Wakes every parked thread and makes it return. */
void eng_shutdown(void);

/* ---- benchmarks and probes ---- */
/* Runs the GEMM microkernel over an m x k x n problem `reps` times in L1/L2-resident packed
 * buffers it allocates itself; returns seconds-free work count (flops) so JS can time it. */
double eng_bench_gemm(int32_t m, int32_t k, int32_t n, int32_t reps);
/* 1 in the relaxed-SIMD build, 0 in the plain SIMD128 build. */
int32_t eng_build_relaxed(void);

/* ---- internal: how runtime.c dispatches ops (each kernel file defines its op kinds) ---- */
typedef struct eng_op eng_op;
typedef int32_t (*eng_tiles_fn)(const eng_op *op);           /* number of independent tiles */
typedef void (*eng_tile_fn)(const eng_op *op, int32_t tile); /* computes one tile */
typedef void (*eng_free_fn)(eng_op *op);                     /* frees what the op owns, may be 0 */
struct eng_op {
  eng_tiles_fn tiles;
  eng_tile_fn run;
  eng_free_fn release;
  /* Kernel-private arguments; 256 bytes is enough for every op above. */
  _Alignas(16) unsigned char args[256];
};
/* Appends an op (copied) and returns its slot, or 0 when out of memory. */
eng_op *eng_prog_push(eng_prog *p);

/* Freestanding libc subset (runtime.c): clang may emit calls to these. */
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
void *memmove(void *dst, const void *src, size_t n);

#endif
