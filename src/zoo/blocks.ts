/**
 * Building blocks shared by several families, written once. Pure plan code, no tf.
 */
import type { Act, Pad2, PlanBuilder } from './plan.ts';

/**
 * Inception's `BasicConv2d`: bias-free conv + BN + ReLU, modules `<name>.conv` and `<name>.bn`.
 * Unlike `PlanBuilder.conv` the padding defaults to 0, as in the reference (`padding` is passed
 * explicitly wherever it is not 0).
 * @param b plan builder
 * @param name module path
 * @param x input node
 * @param filters output channels
 * @param kernel kernel size (square or [kh, kw])
 * @param stride stride
 * @param pad symmetric padding per side
 * @returns the ReLU node
 */
export function basicConv(
  b: PlanBuilder,
  name: string,
  x: string,
  filters: number,
  kernel: number | Pad2,
  stride = 1,
  pad: number | Pad2 = 0,
): string {
  return b.bn(`${name}.bn`, b.conv(`${name}.conv`, x, filters, { kernel, stride, pad }), 'relu');
}

/**
 * Squeeze-excite: global average pool -> 1x1 conv (bias) -> act -> 1x1 conv (bias) -> gate ->
 * channel-wise product with the input. timm modules `<path>.conv_reduce` / `<path>.conv_expand`.
 * @param b plan builder
 * @param path module path of the SE module (`blocks.1.0.se`)
 * @param x feature map
 * @param channels channels of x
 * @param reduced bottleneck channels
 * @param act activation after the reduction
 * @param gate sigmoid (EfficientNet) or PyTorch hard-sigmoid (MobileNetV3)
 * @returns the gated feature map
 */
export function squeezeExcite(
  b: PlanBuilder,
  path: string,
  x: string,
  channels: number,
  reduced: number,
  act: Act,
  gate: Act,
): string {
  const pooled = b.push({ op: 'gap', name: `${path}.pool`, input: x, keepDims: true });
  let s = b.conv(`${path}.conv_reduce`, pooled, reduced, { kernel: 1, bias: true });
  s = b.act(`${path}.act`, s, act);
  s = b.conv(`${path}.conv_expand`, s, channels, { kernel: 1, bias: true });
  s = b.act(`${path}.gate`, s, gate);
  return b.merge('mul', `${path}.mul`, [x, s]);
}
