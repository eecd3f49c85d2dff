/**
 * Inception-v3 without the auxiliary classifier (timm `inception_v3`, = torchvision with
 * `aux_logits=False`). Pure plan, no tf.
 *
 * Ref impl: timm `inception_v3.py` (`InceptionA`..`InceptionE`), torchvision `inception.py`.
 * Paper: Szegedy et al., Rethinking the Inception Architecture, arXiv:1512.00567, Table 1.
 */
import { basicConv as bc } from '../blocks.ts';
import { PlanBuilder, type Plan } from '../plan.ts';

/**
 * Branch pools are `F.avg_pool2d(x, 3, stride=1, padding=1)` with PyTorch's default
 * count_include_pad=True: border outputs are divided by 9, unlike TF 'same'.
 */
const avgPool3 = (b: PlanBuilder, name: string, x: string): string =>
  b.avgPool(name, x, 3, 1, 1, true);

function inceptionA(b: PlanBuilder, p: string, x: string, poolFeatures: number): string {
  const b1 = bc(b, `${p}.branch1x1`, x, 64, 1);
  const b5 = bc(b, `${p}.branch5x5_2`, bc(b, `${p}.branch5x5_1`, x, 48, 1), 64, 5, 1, 2);
  let b3 = bc(b, `${p}.branch3x3dbl_1`, x, 64, 1);
  b3 = bc(b, `${p}.branch3x3dbl_3`, bc(b, `${p}.branch3x3dbl_2`, b3, 96, 3, 1, 1), 96, 3, 1, 1);
  const bp = bc(b, `${p}.branch_pool`, avgPool3(b, `${p}.pool`, x), poolFeatures, 1);
  return b.merge('concat', `${p}.cat`, [b1, b5, b3, bp]);
}

function inceptionB(b: PlanBuilder, p: string, x: string): string {
  const b3 = bc(b, `${p}.branch3x3`, x, 384, 3, 2);
  let bd = bc(b, `${p}.branch3x3dbl_1`, x, 64, 1);
  bd = bc(b, `${p}.branch3x3dbl_3`, bc(b, `${p}.branch3x3dbl_2`, bd, 96, 3, 1, 1), 96, 3, 2);
  return b.merge('concat', `${p}.cat`, [b3, bd, b.maxPool(`${p}.pool`, x, 3, 2)]);
}

function inceptionC(b: PlanBuilder, p: string, x: string, c7: number): string {
  const b1 = bc(b, `${p}.branch1x1`, x, 192, 1);
  let b7 = bc(b, `${p}.branch7x7_1`, x, c7, 1);
  b7 = bc(b, `${p}.branch7x7_2`, b7, c7, [1, 7], 1, [0, 3]);
  b7 = bc(b, `${p}.branch7x7_3`, b7, 192, [7, 1], 1, [3, 0]);
  let bd = bc(b, `${p}.branch7x7dbl_1`, x, c7, 1);
  bd = bc(b, `${p}.branch7x7dbl_2`, bd, c7, [7, 1], 1, [3, 0]);
  bd = bc(b, `${p}.branch7x7dbl_3`, bd, c7, [1, 7], 1, [0, 3]);
  bd = bc(b, `${p}.branch7x7dbl_4`, bd, c7, [7, 1], 1, [3, 0]);
  bd = bc(b, `${p}.branch7x7dbl_5`, bd, 192, [1, 7], 1, [0, 3]);
  const bp = bc(b, `${p}.branch_pool`, avgPool3(b, `${p}.pool`, x), 192, 1);
  return b.merge('concat', `${p}.cat`, [b1, b7, bd, bp]);
}

function inceptionD(b: PlanBuilder, p: string, x: string): string {
  const b3 = bc(b, `${p}.branch3x3_2`, bc(b, `${p}.branch3x3_1`, x, 192, 1), 320, 3, 2);
  let b7 = bc(b, `${p}.branch7x7x3_1`, x, 192, 1);
  b7 = bc(b, `${p}.branch7x7x3_2`, b7, 192, [1, 7], 1, [0, 3]);
  b7 = bc(b, `${p}.branch7x7x3_3`, b7, 192, [7, 1], 1, [3, 0]);
  b7 = bc(b, `${p}.branch7x7x3_4`, b7, 192, 3, 2);
  return b.merge('concat', `${p}.cat`, [b3, b7, b.maxPool(`${p}.pool`, x, 3, 2)]);
}

function inceptionE(b: PlanBuilder, p: string, x: string): string {
  const b1 = bc(b, `${p}.branch1x1`, x, 320, 1);
  const s3 = bc(b, `${p}.branch3x3_1`, x, 384, 1);
  const b3 = b.merge('concat', `${p}.branch3x3.cat`, [
    bc(b, `${p}.branch3x3_2a`, s3, 384, [1, 3], 1, [0, 1]),
    bc(b, `${p}.branch3x3_2b`, s3, 384, [3, 1], 1, [1, 0]),
  ]);
  let sd = bc(b, `${p}.branch3x3dbl_1`, x, 448, 1);
  sd = bc(b, `${p}.branch3x3dbl_2`, sd, 384, 3, 1, 1);
  const bd = b.merge('concat', `${p}.branch3x3dbl.cat`, [
    bc(b, `${p}.branch3x3dbl_3a`, sd, 384, [1, 3], 1, [0, 1]),
    bc(b, `${p}.branch3x3dbl_3b`, sd, 384, [3, 1], 1, [1, 0]),
  ]);
  const bp = bc(b, `${p}.branch_pool`, avgPool3(b, `${p}.pool`, x), 192, 1);
  return b.merge('concat', `${p}.cat`, [b1, b3, bd, bp]);
}

/**
 * @param eps BatchNorm epsilon (1e-3 for the Google-trained weights)
 * @returns the plan; units are `Mixed_5b` .. `Mixed_7c`
 */
export function inceptionV3Plan(eps: number): Plan {
  const b = new PlanBuilder(eps);
  const unit = (name: string, f: (x: string) => string, x: string): string => {
    b.beginUnit(name);
    const y = f(x);
    b.endUnit();
    return y;
  };
  // stem, 299 in: every stride-2 conv/pool is 'valid' (pad 0) -> 147 -> 73 -> 71 -> 35
  let x = bc(b, 'Conv2d_1a_3x3', b.input, 32, 3, 2);
  x = bc(b, 'Conv2d_2a_3x3', x, 32, 3);
  x = bc(b, 'Conv2d_2b_3x3', x, 64, 3, 1, 1);
  x = b.maxPool('Pool1', x, 3, 2);
  x = bc(b, 'Conv2d_3b_1x1', x, 80, 1);
  x = bc(b, 'Conv2d_4a_3x3', x, 192, 3);
  x = b.maxPool('Pool2', x, 3, 2);
  // 35x35: three InceptionA (pool features 32, 64, 64)
  x = unit('Mixed_5b', (y) => inceptionA(b, 'Mixed_5b', y, 32), x);
  x = unit('Mixed_5c', (y) => inceptionA(b, 'Mixed_5c', y, 64), x);
  x = unit('Mixed_5d', (y) => inceptionA(b, 'Mixed_5d', y, 64), x);
  // 35 -> 17: InceptionB (grid reduction)
  x = unit('Mixed_6a', (y) => inceptionB(b, 'Mixed_6a', y), x);
  // 17x17: four InceptionC with 7x7 factorised into 1x7 / 7x1 (c7 = 128, 160, 160, 192)
  x = unit('Mixed_6b', (y) => inceptionC(b, 'Mixed_6b', y, 128), x);
  x = unit('Mixed_6c', (y) => inceptionC(b, 'Mixed_6c', y, 160), x);
  x = unit('Mixed_6d', (y) => inceptionC(b, 'Mixed_6d', y, 160), x);
  x = unit('Mixed_6e', (y) => inceptionC(b, 'Mixed_6e', y, 192), x);
  // 17 -> 8: InceptionD; 8x8: two InceptionE (expanded filter banks)
  x = unit('Mixed_7a', (y) => inceptionD(b, 'Mixed_7a', y), x);
  x = unit('Mixed_7b', (y) => inceptionE(b, 'Mixed_7b', y), x);
  unit('Mixed_7c', (y) => inceptionE(b, 'Mixed_7c', y), x);
  return b.finish('fc');
}
