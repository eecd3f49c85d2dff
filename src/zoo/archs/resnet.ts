/**
 * ResNet-18/34/50/101 (torchvision/timm "v1.5": the stride sits on the 3x3 conv). Pure plan, no tf.
 *
 * Ref impl: timm `resnet.py` (`BasicBlock`, `Bottleneck`, `ResNet`), torchvision `resnet.py`.
 * Paper: He et al., Deep Residual Learning for Image Recognition, arXiv:1512.03385, Table 1.
 */
import { PlanBuilder, type Plan } from '../plan.ts';

/** Variant table (data). */
export const RESNET_VARIANTS = {
  resnet18: { block: 'basic', layers: [2, 2, 2, 2] },
  resnet34: { block: 'basic', layers: [3, 4, 6, 3] },
  resnet50: { block: 'bottleneck', layers: [3, 4, 6, 3] },
  resnet101: { block: 'bottleneck', layers: [3, 4, 23, 3] },
} as const;

export type ResnetVariant = keyof typeof RESNET_VARIANTS;

function block(
  b: PlanBuilder,
  x: string,
  path: string,
  cin: number,
  width: number,
  stride: number,
  bottleneck: boolean,
): string {
  const cout = bottleneck ? width * 4 : width;
  let y: string;
  if (bottleneck) {
    y = b.bn(`${path}.bn1`, b.conv(`${path}.conv1`, x, width, { kernel: 1 }), 'relu');
    y = b.bn(`${path}.bn2`, b.conv(`${path}.conv2`, y, width, { kernel: 3, stride }), 'relu');
    y = b.bn(`${path}.bn3`, b.conv(`${path}.conv3`, y, cout, { kernel: 1 }), null);
  } else {
    y = b.bn(`${path}.bn1`, b.conv(`${path}.conv1`, x, width, { kernel: 3, stride }), 'relu');
    y = b.bn(`${path}.bn2`, b.conv(`${path}.conv2`, y, width, { kernel: 3 }), null);
  }
  let shortcut = x;
  if (stride !== 1 || cin !== cout) {
    // 1x1 stride-2 conv: pad 0 either way, so no PyTorch/TF padding mismatch.
    shortcut = b.bn(
      `${path}.downsample.1`,
      b.conv(`${path}.downsample.0`, x, cout, { kernel: 1, stride }),
      null,
    );
  }
  return b.act(`${path}.act`, b.merge('add', `${path}.add`, [y, shortcut]), 'relu');
}

/**
 * @param variant which ResNet
 * @param eps BatchNorm epsilon (1e-5 in torchvision/timm)
 * @returns the plan; units are the blocks `layer{s}.{i}`
 */
export function resnetPlan(variant: ResnetVariant, eps: number): Plan {
  const { block: kind, layers } = RESNET_VARIANTS[variant];
  const bottleneck = kind === 'bottleneck';
  const b = new PlanBuilder(eps);
  // stem, 224x224 in: 7x7/2 conv (pad 3) + BN + ReLU, then 3x3/2 max-pool (pad 1) -> 56x56
  let x = b.bn('bn1', b.conv('conv1', b.input, 64, { kernel: 7, stride: 2 }), 'relu');
  x = b.maxPool('maxpool', x, 3, 2, 1);
  let cin = 64;
  // stages 1-4 at 56, 28, 14, 7 px; widths 64..512 (x4 out for bottlenecks)
  layers.forEach((count, s) => {
    const width = 64 * 2 ** s;
    for (let i = 0; i < count; i++) {
      const path = `layer${s + 1}.${i}`;
      b.beginUnit(path);
      x = block(b, x, path, cin, width, i === 0 && s > 0 ? 2 : 1, bottleneck);
      b.endUnit();
      cin = bottleneck ? width * 4 : width;
    }
  });
  return b.finish('fc');
}
