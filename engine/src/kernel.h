/*
 * Helpers shared by the element-wise, pooling and depthwise kernels (not part of the ABI).
 */
#ifndef ENG_KERNEL_H
#define ENG_KERNEL_H
#include "act.h"

/* Op arguments live in eng_op.args; each kernel file has its own struct. */
#define ENG_ARGS(T, op) ((const T *)(const void *)(op)->args)
#define ENG_ARGS_FIT(T) _Static_assert(sizeof(T) <= sizeof(((eng_op *)0)->args), #T " too big")

/* Tiles are output rows: enough to split any feature map of the CNNs in the zoo across threads,
 * and a row of every tensor stays in L1/L2 while it is worked on. */
static inline int32_t eng_rows_valid(int32_t h, int32_t w, int32_t c, int32_t stride) {
  return h >= 1 && w >= 1 && c >= 1 && stride >= c;
}

#endif
