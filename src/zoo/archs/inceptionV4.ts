/**
 * Inception-v4 (timm `inception_v4`, TF-slim weights via Cadene). Pure plan, no tf.
 *
 * Ref impl: timm `inception_v4.py` (`Mixed3a`..`InceptionC`).
 * Paper: Szegedy et al., Inception-v4, Inception-ResNet and the Impact of Residual Connections,
 * arXiv:1602.07261, Figures 3-9.
 */
import { basicConv as bc } from '../blocks.ts';
import { PlanBuilder, type Plan } from '../plan.ts';

/**
 * Branch pools are `AvgPool2d(3, 1, padding=1, count_include_pad=False)`: the average ignores the
 * padding, which is exactly TF 'same' (unlike InceptionV3's pools).
 */
const avgPool3 = (b: PlanBuilder, name: string, x: string): string =>
  b.avgPool(name, x, 3, 1, 1, false);

/** A timm `nn.Sequential` of BasicConv2d: modules `<p>.0`, `<p>.1`, ... */
type ConvSpec = readonly [
  filters: number,
  kernel: number | readonly [number, number],
  stride: number,
  pad: number | readonly [number, number],
];
const seq = (b: PlanBuilder, p: string, x: string, specs: readonly ConvSpec[]): string =>
  specs.reduce((y, [f, k, s, pad], i) => bc(b, `${p}.${i}`, y, f, k, s, pad), x);

const cat = (b: PlanBuilder, p: string, xs: string[]): string => b.merge('concat', `${p}.cat`, xs);

function inceptionA(b: PlanBuilder, p: string, x: string): string {
  return cat(b, p, [
    bc(b, `${p}.branch0`, x, 96, 1),
    seq(b, `${p}.branch1`, x, [
      [64, 1, 1, 0],
      [96, 3, 1, 1],
    ]),
    seq(b, `${p}.branch2`, x, [
      [64, 1, 1, 0],
      [96, 3, 1, 1],
      [96, 3, 1, 1],
    ]),
    bc(b, `${p}.branch3.1`, avgPool3(b, `${p}.branch3.0`, x), 96, 1),
  ]);
}

function inceptionB(b: PlanBuilder, p: string, x: string): string {
  return cat(b, p, [
    bc(b, `${p}.branch0`, x, 384, 1),
    seq(b, `${p}.branch1`, x, [
      [192, 1, 1, 0],
      [224, [1, 7], 1, [0, 3]],
      [256, [7, 1], 1, [3, 0]],
    ]),
    seq(b, `${p}.branch2`, x, [
      [192, 1, 1, 0],
      [192, [7, 1], 1, [3, 0]],
      [224, [1, 7], 1, [0, 3]],
      [224, [7, 1], 1, [3, 0]],
      [256, [1, 7], 1, [0, 3]],
    ]),
    bc(b, `${p}.branch3.1`, avgPool3(b, `${p}.branch3.0`, x), 128, 1),
  ]);
}

function inceptionC(b: PlanBuilder, p: string, x: string): string {
  const s1 = bc(b, `${p}.branch1_0`, x, 384, 1);
  const b1 = cat(b, `${p}.branch1`, [
    bc(b, `${p}.branch1_1a`, s1, 256, [1, 3], 1, [0, 1]),
    bc(b, `${p}.branch1_1b`, s1, 256, [3, 1], 1, [1, 0]),
  ]);
  let s2 = bc(b, `${p}.branch2_0`, x, 384, 1);
  s2 = bc(b, `${p}.branch2_1`, s2, 448, [3, 1], 1, [1, 0]);
  s2 = bc(b, `${p}.branch2_2`, s2, 512, [1, 3], 1, [0, 1]);
  const b2 = cat(b, `${p}.branch2`, [
    bc(b, `${p}.branch2_3a`, s2, 256, [1, 3], 1, [0, 1]),
    bc(b, `${p}.branch2_3b`, s2, 256, [3, 1], 1, [1, 0]),
  ]);
  const b3 = bc(b, `${p}.branch3.1`, avgPool3(b, `${p}.branch3.0`, x), 256, 1);
  return cat(b, p, [bc(b, `${p}.branch0`, x, 256, 1), b1, b2, b3]);
}

/**
 * @param eps BatchNorm epsilon (1e-3, TF-slim)
 * @returns the plan; units are `features.3` .. `features.21`
 */
export function inceptionV4Plan(eps: number): Plan {
  const b = new PlanBuilder(eps);
  const unit = (i: number, f: (p: string, x: string) => string, x: string): string => {
    const p = `features.${i}`;
    b.beginUnit(p);
    const y = f(p, x);
    b.endUnit();
    return y;
  };
  // stem, 299 in: stride-2 convs and max-pools are 'valid' (pad 0) -> 149 -> 147 -> 147
  let x = bc(b, 'features.0', b.input, 32, 3, 2);
  x = bc(b, 'features.1', x, 32, 3);
  x = bc(b, 'features.2', x, 64, 3, 1, 1);
  // Mixed3a (147 -> 73): [max-pool, conv 3x3/2], in this order
  x = unit(
    3,
    (p, y) => cat(b, p, [b.maxPool(`${p}.maxpool`, y, 3, 2), bc(b, `${p}.conv`, y, 96, 3, 2)]),
    x,
  );
  // Mixed4a (73 -> 71): two conv towers ending in valid 3x3s
  x = unit(
    4,
    (p, y) =>
      cat(b, p, [
        seq(b, `${p}.branch0`, y, [
          [64, 1, 1, 0],
          [96, 3, 1, 0],
        ]),
        seq(b, `${p}.branch1`, y, [
          [64, 1, 1, 0],
          [64, [1, 7], 1, [0, 3]],
          [64, [7, 1], 1, [3, 0]],
          [96, 3, 1, 0],
        ]),
      ]),
    x,
  );
  // Mixed5a (71 -> 35): [conv 3x3/2, max-pool], in this order
  x = unit(
    5,
    (p, y) => cat(b, p, [bc(b, `${p}.conv`, y, 192, 3, 2), b.maxPool(`${p}.maxpool`, y, 3, 2)]),
    x,
  );
  // 35x35: 4 x InceptionA
  for (let i = 6; i <= 9; i++) x = unit(i, (p, y) => inceptionA(b, p, y), x);
  // ReductionA (35 -> 17)
  x = unit(
    10,
    (p, y) =>
      cat(b, p, [
        bc(b, `${p}.branch0`, y, 384, 3, 2),
        seq(b, `${p}.branch1`, y, [
          [192, 1, 1, 0],
          [224, 3, 1, 1],
          [256, 3, 2, 0],
        ]),
        b.maxPool(`${p}.branch2`, y, 3, 2),
      ]),
    x,
  );
  // 17x17: 7 x InceptionB
  for (let i = 11; i <= 17; i++) x = unit(i, (p, y) => inceptionB(b, p, y), x);
  // ReductionB (17 -> 8)
  x = unit(
    18,
    (p, y) =>
      cat(b, p, [
        seq(b, `${p}.branch0`, y, [
          [192, 1, 1, 0],
          [192, 3, 2, 0],
        ]),
        seq(b, `${p}.branch1`, y, [
          [256, 1, 1, 0],
          [256, [1, 7], 1, [0, 3]],
          [320, [7, 1], 1, [3, 0]],
          [320, 3, 2, 0],
        ]),
        b.maxPool(`${p}.branch2`, y, 3, 2),
      ]),
    x,
  );
  // 8x8: 3 x InceptionC
  for (let i = 19; i <= 21; i++) x = unit(i, (p, y) => inceptionC(b, p, y), x);
  return b.finish('last_linear');
}
