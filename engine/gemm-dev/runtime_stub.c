/* TEMPORARY stand-in for e-core's runtime.c (dev build of gemm.c only): bump allocator, 1 thread. */
#include "../src/engine.h"
extern unsigned char __heap_base;
static uint32_t top;
static uint32_t used;
static uint32_t stk[256], nstk;
void *eng_malloc(uint32_t bytes) {
  if (!top) top = ((uint32_t)&__heap_base + 63) & ~63u;
  uint32_t p = top, end = (p + bytes + 8 + 63) & ~63u;
  uint32_t have = __builtin_wasm_memory_size(0) * 65536u;
  if (end > have && __builtin_wasm_memory_grow(0, (end - have + 65535) / 65536) < 0) return 0;
  if (nstk < 256) stk[nstk++] = p;
  top = end; used += bytes;
  return (void *)p;
}
/* LIFO frees only (enough for the benches and tests). */
void eng_free(void *p) { if (nstk && stk[nstk - 1] == (uint32_t)p) top = stk[--nstk]; }
uint32_t eng_allocated(void) { return used; }
struct eng_prog { int32_t n; eng_op ops[64]; };
eng_prog *eng_prog_new(void) { eng_prog *p = eng_malloc(sizeof(eng_prog)); p->n = 0; return p; }
int32_t eng_prog_ops(const eng_prog *p) { return p->n; }
eng_op *eng_prog_push(eng_prog *p) { return p->n < 64 ? &p->ops[p->n++] : 0; }
void eng_prog_free(eng_prog *p) { for (int i = 0; i < p->n; i++) if (p->ops[i].release) p->ops[i].release(&p->ops[i]); p->n = 0; }
int32_t eng_run(eng_prog *p, int32_t threads) {
  (void)threads;
  for (int i = 0; i < p->n; i++) { int32_t t = p->ops[i].tiles(&p->ops[i]); for (int j = 0; j < t; j++) p->ops[i].run(&p->ops[i], j); }
  return 0;
}
void *memcpy(void *d, const void *s, size_t n) { unsigned char *a = d; const unsigned char *b = s; while (n--) *a++ = *b++; return d; }
void *memset(void *d, int c, size_t n) { unsigned char *a = d; while (n--) *a++ = (unsigned char)c; return d; }
void *memmove(void *d, const void *s, size_t n) { unsigned char *a = d; const unsigned char *b = s; if (a < b) while (n--) *a++ = *b++; else while (n--) a[n] = b[n]; return d; }
