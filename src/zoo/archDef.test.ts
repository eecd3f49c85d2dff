import { describe, expect, it } from 'vitest';
import { decodeArch, decodeBlock, makeDivisible, roundChannels } from './archDef.ts';

describe('decodeBlock', () => {
  it('decodes the timm grammar', () => {
    expect(decodeBlock('ir_r2_k3_s2_e6_c24_se0.25')).toEqual({
      type: 'ir',
      repeat: 2,
      kernel: 3,
      stride: 2,
      expRatio: 6,
      outChs: 24,
      seRatio: 0.25,
      act: null,
      noskip: false,
    });
    expect(decodeBlock('ds_r1_k3_s1_c16_nre_noskip')).toMatchObject({
      type: 'ds',
      expRatio: 1,
      act: 'relu',
      noskip: true,
    });
    expect(decodeBlock('ir_r2_k3_s1_e2.3_c80').expRatio).toBe(2.3);
    expect(decodeBlock('cn_r1_k1_s1_c960')).toMatchObject({ type: 'cn', kernel: 1, outChs: 960 });
  });

  it.each(['xx_r1_c16', 'ir_r1_k3', 'ir_r1_c16_q7', 'ir_r1_c16_nzz'])('rejects %s', (s) => {
    expect(() => decodeBlock(s)).toThrow();
  });
});

describe('channel and depth scaling (timm make_divisible / round_channels / ceil depth)', () => {
  it.each([
    // [channels, multiplier, expected]: EfficientNet-B2 (1.1) and B3 (1.2) widths
    [32, 1.1, 32],
    [16, 1.1, 16],
    [40, 1.1, 48],
    [112, 1.1, 120],
    [1280, 1.1, 1408],
    [32, 1.2, 40],
    [16, 1.2, 24],
    [80, 1.2, 96],
    [192, 1.2, 232],
    [320, 1.2, 384],
    [1280, 1.2, 1536],
    [24, 1.0, 24],
  ])('round_channels(%i, %f) = %i', (c, m, want) => {
    expect(roundChannels(c, m)).toBe(want);
  });

  it('make_divisible never drops more than 10 % and never goes below the divisor', () => {
    expect(makeDivisible(18)).toBe(24); // 16 < 0.9 * 18 -> one step up (MobileNetV3 SE 72 * 0.25)
    expect(makeDivisible(3)).toBe(8);
    expect(makeDivisible(184)).toBe(184);
  });

  it('scales repeats with ceil (EfficientNet-B3 depth 1.4)', () => {
    const stages = decodeArch(
      [['ds_r1_k3_s1_c16'], ['ir_r2_k3_s2_e6_c24'], ['ir_r3_k5_s2_e6_c40'], ['ir_r4_k5_s2_e6_c80']],
      1.4,
    );
    expect(stages.map((s) => s.length)).toEqual([2, 3, 5, 6]);
  });
});
