/*
 * The activations' constants (see act.h for why they are in memory), four lanes each.
 */
#include "act.h"

#define K4(v) {(v), (v), (v), (v)}

const float eng_act_k[ENG_K_COUNT][4] = {
    [ENG_K_EXP_LO] = K4(-87.0f),
    [ENG_K_EXP_HI] = K4(88.0f),
    [ENG_K_LOG2E] = K4(1.44269504088896341f),
    [ENG_K_MAGIC] = K4(12583039.0f), /* 1.5 * 2^23 + 127 */
    [ENG_K_LN2_HI] = K4(-0.693359375f),
    [ENG_K_LN2_LO] = K4(2.12194440e-4f),
    /* exp(r) ~ 1 + r + P2 r^2 + ... + P6 r^6 on [-ln2/2, ln2/2] (a relative-error fit) */
    [ENG_K_P6] = K4(0x1.6ae730p-10f),
    [ENG_K_P5] = K4(0x1.126782p-7f),
    [ENG_K_P4] = K4(0x1.555822p-5f),
    [ENG_K_P3] = K4(0x1.55541ap-3f),
    [ENG_K_P2] = K4(0x1.fffffcp-2f),
    [ENG_K_ONE] = K4(1.0f),
    [ENG_K_THREE] = K4(3.0f),
    [ENG_K_SIX] = K4(6.0f),
    [ENG_K_SIXTH] = K4(1.0f / 6.0f),
};
