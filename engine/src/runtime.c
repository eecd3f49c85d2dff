/*
 * Runtime: allocator over the linear memory, programs, and the thread pool that runs them.
 *
 * Pool design (why: one wake-up per eng_run, not per op): eng_run publishes the program and
 * the thread count in one word (g_run = generation << 8 | threads) and wakes the parked pool
 * threads once. Every participating thread, the caller included (tid 0), then takes tiles of
 * the current op from one shared word (dynamic sharing: a slow thread costs at most the tile
 * it holds) and whoever completes an op's last tile moves everyone to the next op. There is no
 * barrier, so on a busy machine the caller never waits for a pool thread that is not running
 * and holds no tile: it just does the work itself. Pool threads spin briefly when an op's
 * tiles are all taken, then sleep on memory.atomic.wait; the caller only spins (a browser's
 * main thread may not wait). With threads = 1, or when no pool thread is parked (the
 * private-memory builds), the caller runs everything alone and never touches an atomic wait.
 */
#include "engine.h"

extern unsigned char __heap_base;

/* ---------------- memory ---------------- */

#define ENG_ALIGN 64u
#define ENG_PAGE 65536u
#define ENG_USED 0x5553ED01u

/* A block: a 64-byte header, then the payload, so payloads stay 64-byte aligned. */
typedef struct blk {
  uint32_t size; /* header + payload, a multiple of 64 */
  uint32_t used;
  struct blk *next; /* free list, sorted by address */
} blk;

static uint32_t g_brk;
static blk *g_free;
static uint32_t g_allocated;

/* Kernels read whole 4-lane vectors at a channel tail, so the memory always extends at least
 * ENG_ALIGN bytes past the last block. */
static int heap_cover(uint32_t end) {
  uint64_t need = (uint64_t)end + ENG_ALIGN;
  uint64_t have = (uint64_t)__builtin_wasm_memory_size(0) * ENG_PAGE;
  if (need <= have) return 1;
  uint64_t pages = (need - have + ENG_PAGE - 1) / ENG_PAGE;
  return __builtin_wasm_memory_grow(0, (size_t)pages) != (size_t)-1;
}

static blk *take_free(uint32_t size) {
  blk **link = &g_free;
  for (blk *b = g_free; b; link = &b->next, b = b->next) {
    if (b->size < size) continue;
    if (b->size - size >= 2 * ENG_ALIGN) {
      blk *rest = (blk *)((unsigned char *)b + size);
      rest->size = b->size - size;
      rest->used = 0;
      rest->next = b->next;
      *link = rest;
      b->size = size;
    } else {
      *link = b->next;
    }
    return b;
  }
  return 0;
}

void *eng_malloc(uint32_t bytes) {
  if (bytes > 0x7FFF0000u) return 0;
  uint32_t size = ((bytes + ENG_ALIGN - 1) & ~(ENG_ALIGN - 1)) + ENG_ALIGN;
  if (!g_brk) g_brk = ((uint32_t)(uintptr_t)&__heap_base + ENG_ALIGN - 1) & ~(ENG_ALIGN - 1);
  blk *b = take_free(size);
  if (!b) {
    if ((uint64_t)g_brk + size > 0xFFFF0000u || !heap_cover(g_brk + size)) return 0;
    b = (blk *)(uintptr_t)g_brk;
    b->size = size;
    g_brk += size;
  }
  b->used = ENG_USED;
  b->next = 0;
  g_allocated += b->size - ENG_ALIGN;
  return (unsigned char *)b + ENG_ALIGN;
}

void eng_free(void *p) {
  if (!p) return;
  blk *b = (blk *)((unsigned char *)p - ENG_ALIGN);
  if (b->used != ENG_USED) return; /* not ours or freed twice: ignore rather than corrupt */
  b->used = 0;
  g_allocated -= b->size - ENG_ALIGN;
  /* Walk to the insertion point; `link` points at the slot holding next, `prev_link` at prev's. */
  blk **link = &g_free, **prev_link = 0, *prev = 0;
  while (*link && *link < b) prev_link = link, prev = *link, link = &(*link)->next;
  blk *next = *link;
  if (next && (unsigned char *)b + b->size == (unsigned char *)next) {
    b->size += next->size;
    next = next->next;
  }
  b->next = next;
  if (prev && (unsigned char *)prev + prev->size == (unsigned char *)b) {
    prev->size += b->size;
    prev->next = next;
    b = prev;
    link = prev_link;
  } else {
    *link = b;
  }
  /* A free block at the top of the heap (then the list's last) goes back to the break. */
  if ((uint32_t)(uintptr_t)b + b->size == g_brk) {
    g_brk = (uint32_t)(uintptr_t)b;
    *link = 0;
  }
}

uint32_t eng_allocated(void) { return g_allocated; }

/* With -mbulk-memory these builtins become memory.copy / memory.fill, not calls to ourselves. */
void *memcpy(void *dst, const void *src, size_t n) {
  __builtin_memcpy(dst, src, n);
  return dst;
}
void *memmove(void *dst, const void *src, size_t n) {
  __builtin_memmove(dst, src, n);
  return dst;
}
void *memset(void *dst, int c, size_t n) {
  __builtin_memset(dst, c, n);
  return dst;
}

/* ---------------- programs ---------------- */

struct eng_prog {
  eng_op *ops;
  int32_t n, cap, err;
};

eng_prog *eng_prog_new(void) {
  eng_prog *p = eng_malloc(sizeof(eng_prog));
  if (p) __builtin_memset(p, 0, sizeof(*p));
  return p;
}

void eng_prog_free(eng_prog *p) {
  if (!p) return;
  for (int32_t i = 0; i < p->n; i++)
    if (p->ops[i].release) p->ops[i].release(&p->ops[i]);
  eng_free(p->ops);
  eng_free(p);
}

int32_t eng_prog_ops(const eng_prog *p) { return p ? p->n : 0; }

eng_op *eng_prog_push(eng_prog *p) {
  if (!p) return 0;
  if (p->n == p->cap) {
    int32_t cap = p->cap ? p->cap * 2 : 16;
    eng_op *ops = eng_malloc((uint32_t)cap * sizeof(eng_op));
    if (!ops) {
      if (!p->err) p->err = -2;
      return 0;
    }
    if (p->n) __builtin_memcpy(ops, p->ops, (size_t)p->n * sizeof(eng_op));
    eng_free(p->ops);
    p->ops = ops;
    p->cap = cap;
  }
  eng_op *op = &p->ops[p->n++];
  __builtin_memset(op, 0, sizeof(*op));
  return op;
}

/* ---------------- thread pool ---------------- */

#define ENG_MAX_THREADS 64
#define ENG_SPIN 20000

/*
 * One 64-bit word says where the run is: run generation (16 bits) | op index (16) | next tile
 * (32). A thread claims a tile with a compare-and-swap on the whole word, so a thread that
 * arrives late (from an op or a run that is over) can never take a tile of the current one.
 * Whoever completes an op's last tile advances the word to the next op. No barrier: the
 * caller never waits for a pool thread that took no tile (one descheduled by a busy machine
 * stalls nothing), only for tiles in flight.
 */
static _Alignas(64) int64_t g_word;
static _Alignas(64) int32_t g_done;  /* tiles of the current op completed */
static _Alignas(64) int32_t g_run;   /* generation << 8 | thread count: wakes parked threads */
static _Alignas(64) int32_t g_sleepers;
static eng_op *g_ops;
static int32_t g_nops;
static int32_t g_ready[ENG_MAX_THREADS];
/* Tiles each thread ran in the last threaded eng_run (one cache line per thread). */
static _Alignas(64) int32_t g_tiles[ENG_MAX_THREADS][16];

/* The low byte of g_run: the thread count, or ENG_RUN_EXIT (eng_shutdown; a later eng_run
 * with a new pool clears it, since only the latest word counts). */
#define ENG_RUN_EXIT 0x80

#define LOAD(x) __atomic_load_n(&(x), __ATOMIC_SEQ_CST)
#define STORE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_SEQ_CST)
#define ADD(x, v) __atomic_fetch_add(&(x), (v), __ATOMIC_SEQ_CST)

#define W_GEN(w) ((int32_t)((uint64_t)(w) >> 48))
#define W_OP(w) ((int32_t)(((uint64_t)(w) >> 32) & 0xFFFF))
#define W_TILE(w) ((int32_t)(uint32_t)(w))
#define W_MAKE(g, op) ((int64_t)(((uint64_t)(g) << 48) | ((uint64_t)(op) << 32)))
/* The high half of g_word (op and generation): what a sleeping thread waits on. */
#define W_HIGH ((int32_t *)(void *)&g_word + 1)

static int32_t next_run(int32_t low) {
  uint32_t gen = ((uint32_t)LOAD(g_run) >> 8) + 1;
  return (int32_t)((gen << 8) | (uint32_t)low);
}

/* Waits until g_word leaves `cur` (all of cur's op is claimed; others finish it). */
static void await_advance(int64_t cur, int32_t tid) {
  for (int i = 0; i < ENG_SPIN; i++)
    if (LOAD(g_word) != cur) return;
  if (tid == 0) {
    while (LOAD(g_word) == cur) {
    }
    return;
  }
  ADD(g_sleepers, 1);
  int32_t high = (int32_t)((uint64_t)cur >> 32);
  while (LOAD(g_word) == cur) __builtin_wasm_memory_atomic_wait32(W_HIGH, high, -1);
  ADD(g_sleepers, -1);
}

static void advance(int32_t gen, int32_t op) {
  STORE(g_done, 0);
  STORE(g_word, W_MAKE(gen, op + 1));
  if (LOAD(g_sleepers)) __builtin_wasm_memory_atomic_notify(W_HIGH, ENG_MAX_THREADS);
}

/* Takes tiles of run `gen` until its program is done (or, for a late thread, already over). */
static void run_shared(int32_t gen, int32_t tid) {
  for (;;) {
    int64_t cur = LOAD(g_word);
    int32_t op = W_OP(cur), t = W_TILE(cur);
    if (W_GEN(cur) != gen || op >= g_nops) return;
    const eng_op *o = &g_ops[op];
    int32_t tiles = o->tiles(o);
    if (t >= tiles) {
      if (tiles <= 0) __atomic_compare_exchange_n(&g_word, &cur, W_MAKE(gen, op + 1), 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
      else await_advance(cur, tid);
      continue;
    }
    if (!__atomic_compare_exchange_n(&g_word, &cur, cur + 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) continue;
    o->run(o, t);
    g_tiles[tid][0]++;
    if (ADD(g_done, 1) + 1 == tiles) advance(gen, op);
  }
}

int32_t eng_run(eng_prog *p, int32_t threads) {
  if (!p) return -1;
  if (p->err) return p->err;
  if (p->n == 0) return 0;
  int32_t n = 1;
  while (n < threads && n < ENG_MAX_THREADS && LOAD(g_ready[n])) n++;
  for (int32_t t = 0; t < ENG_MAX_THREADS; t++) g_tiles[t][0] = 0;
  if (n == 1 || p->n > 0xFFFF) {
    for (int32_t i = 0; i < p->n; i++) {
      const eng_op *op = &p->ops[i];
      int32_t tiles = op->tiles(op);
      for (int32_t t = 0; t < tiles; t++) op->run(op, t);
    }
    return 0;
  }
  int32_t word = next_run(n);
  int32_t gen = (int32_t)(((uint32_t)word >> 8) & 0xFFFF);
  g_ops = p->ops;
  g_nops = p->n;
  STORE(g_done, 0);
  STORE(g_word, W_MAKE(gen, 0));
  STORE(g_run, word);
  __builtin_wasm_memory_atomic_notify(&g_run, ENG_MAX_THREADS);
  run_shared(gen, 0);
  return 0;
}

void eng_worker_loop(int32_t tid) {
  if (tid < 1 || tid >= ENG_MAX_THREADS) return;
  /* Read the generation before saying we are ready, so a run counted with us is never missed. */
  int32_t seen = LOAD(g_run);
  STORE(g_ready[tid], 1);
  for (;;) {
    int32_t w;
    while ((w = LOAD(g_run)) == seen) __builtin_wasm_memory_atomic_wait32(&g_run, seen, -1);
    seen = w;
    if (w & ENG_RUN_EXIT) break;
    if (tid < (w & 0x7F)) run_shared((int32_t)(((uint32_t)w >> 8) & 0xFFFF), tid);
  }
  STORE(g_ready[tid], 0);
}

void eng_thread_init(void *stack_base, uint32_t bytes) {
  uint32_t top = ((uint32_t)(uintptr_t)stack_base + bytes) & ~15u;
  __asm__ volatile(".globaltype __stack_pointer, i32\n"
                   "local.get %0\n"
                   "global.set __stack_pointer" ::"r"(top));
}

uint32_t eng_stack_probe(void) {
  uint32_t sp;
  __asm__ volatile(".globaltype __stack_pointer, i32\n"
                   "global.get __stack_pointer\n"
                   "local.set %0"
                   : "=r"(sp));
  return sp;
}

int32_t eng_pool_tiles(int32_t tid) { return tid >= 0 && tid < ENG_MAX_THREADS ? g_tiles[tid][0] : 0; }

int32_t eng_workers_ready(void) {
  int32_t n = 0;
  for (int32_t i = 1; i < ENG_MAX_THREADS; i++) n += LOAD(g_ready[i]);
  return n;
}

void eng_shutdown(void) {
  STORE(g_run, next_run(ENG_RUN_EXIT));
  __builtin_wasm_memory_atomic_notify(&g_run, ENG_MAX_THREADS);
}
