/**
 * DenseNet-121/169/201 (BC variant: bottleneck 4 x growth, compression 0.5). Pure plan, no tf.
 *
 * Ref impl: timm `densenet.py` (`DenseLayer`, `DenseTransition`), torchvision `densenet.py`.
 * Paper: Huang et al., Densely Connected Convolutional Networks, arXiv:1608.06993, Table 1.
 */
import { PlanBuilder, type Plan } from '../plan.ts';

/** Variant table (data): dense layers per block; growth 32, bottleneck 128, stem 64. */
export const DENSENET_VARIANTS = {
  densenet121: [6, 12, 24, 16],
  densenet169: [6, 12, 32, 32],
  densenet201: [6, 12, 48, 32],
} as const;

export type DensenetVariant = keyof typeof DENSENET_VARIANTS;

const GROWTH = 32;
const BOTTLENECK = 4 * GROWTH;

/**
 * @param variant which DenseNet
 * @param eps BatchNorm epsilon (1e-5)
 * @returns the plan; units are every dense layer, every transition and `features.norm5`
 */
export function densenetPlan(variant: DensenetVariant, eps: number): Plan {
  const b = new PlanBuilder(eps);
  // stem, 224 in: conv0 7x7/2 + norm0 + ReLU + 3x3/2 max-pool (pad 1; exact after ReLU) -> 56
  let x = b.bn(
    'features.norm0',
    b.conv('features.conv0', b.input, 64, { kernel: 7, stride: 2 }),
    'relu',
  );
  x = b.maxPool('features.pool0', x, 3, 2, 1);
  let c = 64;
  DENSENET_VARIANTS[variant].forEach((layers, i) => {
    // dense block i+1 at 56, 28, 14, 7 px: each layer appends GROWTH channels (pre-activation)
    for (let j = 1; j <= layers; j++) {
      const p = `features.denseblock${i + 1}.denselayer${j}`;
      b.beginUnit(p);
      let y = b.bn(`${p}.norm1`, x, 'relu');
      y = b.bn(`${p}.norm2`, b.conv(`${p}.conv1`, y, BOTTLENECK, { kernel: 1 }), 'relu');
      y = b.conv(`${p}.conv2`, y, GROWTH, { kernel: 3 });
      // The unit's output is the running concatenation, as timm's forward concatenates all
      // previous features (identical tensors, one concat per layer).
      x = b.merge('concat', `${p}.cat`, [x, y]);
      c += GROWTH;
      b.endUnit();
    }
    if (i < 3) {
      // transition: BN-ReLU-1x1 conv halving channels, then AvgPool2d(2, 2) (= TF 'valid')
      const p = `features.transition${i + 1}`;
      b.beginUnit(p);
      c /= 2;
      x = b.conv(`${p}.conv`, b.bn(`${p}.norm`, x, 'relu'), c, { kernel: 1 });
      x = b.avgPool(`${p}.pool`, x, 2, 2, 0, true);
      b.endUnit();
    }
  });
  // final BN + ReLU (timm BatchNormAct2d `norm5`), 7 px
  b.beginUnit('features.norm5');
  b.bn('features.norm5', x, 'relu');
  b.endUnit();
  return b.finish('classifier');
}
