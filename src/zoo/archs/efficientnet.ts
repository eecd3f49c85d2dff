/**
 * The timm "EfficientNet family": MNASNet-B1, MobileNetV2, EfficientNet B0-B3 and
 * MobileNetV3-Large, all generated from block strings (`archDef.ts`). Pure plan, no tf.
 *
 * Ref impl: timm `efficientnet.py` (`_gen_mnasnet_b1`, `_gen_mobilenet_v2`, `_gen_efficientnet`),
 * `mobilenetv3.py` (`_gen_mobilenet_v3`), `_efficientnet_blocks.py` (`DepthwiseSeparableConv`,
 * `InvertedResidual`, `ConvBnAct`, `SqueezeExcite`).
 * Paper: Tan et al. MnasNet arXiv:1807.11626 (Fig. 7 B1); Sandler et al. MobileNetV2
 * arXiv:1801.04381 (Table 2); Tan & Le EfficientNet arXiv:1905.11946 (Table 1);
 * Howard et al. Searching for MobileNetV3 arXiv:1905.02244 (Table 1).
 */
import { decodeArch, makeDivisible, roundChannels, type BlockArgs } from '../archDef.ts';
import { squeezeExcite } from '../blocks.ts';
import { PlanBuilder, type Act, type Plan } from '../plan.ts';

// Stage strings; stage comments give the input resolution at 224 px.
const MNASNET_B1 = [
  ['ds_r1_k3_s1_c16_noskip'], // 112
  ['ir_r3_k3_s2_e3_c24'], // 112 -> 56
  ['ir_r3_k5_s2_e3_c40'], // 56 -> 28
  ['ir_r3_k5_s2_e6_c80'], // 28 -> 14
  ['ir_r2_k3_s1_e6_c96'], // 14
  ['ir_r4_k5_s2_e6_c192'], // 14 -> 7
  ['ir_r1_k3_s1_e6_c320_noskip'], // 7
] as const;

const MOBILENET_V2 = [
  ['ds_r1_k3_s1_c16'], // 112
  ['ir_r2_k3_s2_e6_c24'], // 112 -> 56
  ['ir_r3_k3_s2_e6_c32'], // 56 -> 28
  ['ir_r4_k3_s2_e6_c64'], // 28 -> 14
  ['ir_r3_k3_s1_e6_c96'], // 14
  ['ir_r3_k3_s2_e6_c160'], // 14 -> 7
  ['ir_r1_k3_s1_e6_c320'], // 7
] as const;

const EFFICIENTNET = [
  ['ds_r1_k3_s1_e1_c16_se0.25'], // 112
  ['ir_r2_k3_s2_e6_c24_se0.25'], // 112 -> 56
  ['ir_r2_k5_s2_e6_c40_se0.25'], // 56 -> 28
  ['ir_r3_k3_s2_e6_c80_se0.25'], // 28 -> 14
  ['ir_r3_k5_s1_e6_c112_se0.25'], // 14
  ['ir_r4_k5_s2_e6_c192_se0.25'], // 14 -> 7
  ['ir_r1_k3_s1_e6_c320_se0.25'], // 7
] as const;

const MOBILENET_V3_LARGE = [
  ['ds_r1_k3_s1_e1_c16_nre'], // 112, ReLU
  ['ir_r1_k3_s2_e4_c24_nre', 'ir_r1_k3_s1_e3_c24_nre'], // 112 -> 56, ReLU
  ['ir_r3_k5_s2_e3_c40_se0.25_nre'], // 56 -> 28, ReLU + SE
  ['ir_r1_k3_s2_e6_c80', 'ir_r1_k3_s1_e2.5_c80', 'ir_r2_k3_s1_e2.3_c80'], // 28 -> 14, hard-swish
  ['ir_r2_k3_s1_e6_c112_se0.25'], // 14
  ['ir_r3_k5_s2_e6_c160_se0.25'], // 14 -> 7
  ['cn_r1_k1_s1_c960'], // 7, 1x1 conv-BN-act
] as const;

/** How the SE width and gate are computed (they differ between timm's two builders). */
interface SeStyle {
  /** MobileNetV3: reduce from the expanded width and round to 8; EfficientNet: block input x ratio. */
  readonly fromExpanded: boolean;
  readonly act: Act | 'block';
  readonly gate: Act;
}

interface EffVariant {
  readonly stages: readonly (readonly string[])[];
  readonly act: Act;
  readonly width: number;
  readonly depth: number;
  readonly stem: number;
  readonly features: number;
  readonly se: SeStyle | null;
  /** conv_head + bn2 + act as a unit before pooling, or (MobileNetV3) a pre-logits conv after it. */
  readonly head: 'unit' | 'prelogits';
}

const EFF_SE: SeStyle = { fromExpanded: false, act: 'block', gate: 'sigmoid' };
const effnet = (width: number, depth: number): EffVariant => ({
  stages: EFFICIENTNET,
  act: 'swish',
  width,
  depth,
  stem: 32,
  features: 1280,
  se: EFF_SE,
  head: 'unit',
});

/** Variant table (data); EfficientNet width/depth coefficients as in timm `_gen_efficientnet`. */
export const EFFICIENTNET_VARIANTS = {
  mnasnet_100: {
    stages: MNASNET_B1,
    act: 'relu',
    width: 1,
    depth: 1,
    stem: 32,
    features: 1280,
    se: null,
    head: 'unit',
  },
  efficientnet_b0: effnet(1.0, 1.0),
  efficientnet_b1: effnet(1.0, 1.1),
  efficientnet_b2: effnet(1.1, 1.2),
  efficientnet_b3: effnet(1.2, 1.4),
  mobilenetv2_100: {
    stages: MOBILENET_V2,
    act: 'relu6',
    width: 1,
    depth: 1,
    stem: 32,
    features: 1280,
    se: null,
    head: 'unit',
  },
  mobilenetv3_large_100: {
    stages: MOBILENET_V3_LARGE,
    act: 'hardSwish',
    width: 1,
    depth: 1,
    stem: 16,
    features: 1280,
    // timm: SqueezeExcite(gate 'hard_sigmoid', force_act_layer ReLU, rd_round_fn round_channels)
    se: { fromExpanded: true, act: 'relu', gate: 'hardSigmoid' },
    head: 'prelogits',
  },
} as const satisfies Record<string, EffVariant>;

export type EfficientnetVariant = keyof typeof EFFICIENTNET_VARIANTS;

interface BlockCtx {
  readonly b: PlanBuilder;
  readonly v: EffVariant;
  readonly path: string;
  readonly cin: number;
  readonly cout: number;
  readonly args: BlockArgs;
  readonly stride: number;
}

function se(ctx: BlockCtx, x: string, mid: number, act: Act): string {
  const { v, args } = ctx;
  if (v.se === null || args.seRatio === 0) return x;
  const reduced = v.se.fromExpanded
    ? makeDivisible(mid * args.seRatio)
    : Math.round(mid * (args.seRatio / args.expRatio)); // = block input x ratio
  return squeezeExcite(
    ctx.b,
    `${ctx.path}.se`,
    x,
    mid,
    reduced,
    v.se.act === 'block' ? act : v.se.act,
    v.se.gate,
  );
}

function block(ctx: BlockCtx, x: string): string {
  const { b, path: p, cin, cout, args, stride } = ctx;
  const act = args.act ?? ctx.v.act;
  const skip = stride === 1 && cin === cout && !args.noskip;
  let y: string;
  if (args.type === 'cn') {
    y = b.bn(`${p}.bn1`, b.conv(`${p}.conv`, x, cout, { kernel: args.kernel, stride }), act);
  } else if (args.type === 'ds') {
    y = b.bn(
      `${p}.bn1`,
      b.conv(`${p}.conv_dw`, x, cin, { kernel: args.kernel, stride, depthwise: true }),
      act,
    );
    y = se(ctx, y, cin, act);
    y = b.bn(`${p}.bn2`, b.conv(`${p}.conv_pw`, y, cout, { kernel: 1 }), null); // no pw act
  } else {
    const mid = makeDivisible(cin * args.expRatio);
    y = b.bn(`${p}.bn1`, b.conv(`${p}.conv_pw`, x, mid, { kernel: 1 }), act);
    // stride-2 depthwise convs pad k//2 on every side (PyTorch), not TF 'same'
    y = b.bn(
      `${p}.bn2`,
      b.conv(`${p}.conv_dw`, y, mid, { kernel: args.kernel, stride, depthwise: true }),
      act,
    );
    y = se(ctx, y, mid, act);
    y = b.bn(`${p}.bn3`, b.conv(`${p}.conv_pwl`, y, cout, { kernel: 1 }), null); // linear bottleneck
  }
  return skip ? b.merge('add', `${p}.add`, [y, x]) : y;
}

/**
 * @param variant which network
 * @param eps BatchNorm epsilon (1e-5 for these timm weights)
 * @returns the plan; units are `blocks.{stage}.{i}` plus `conv_head+bn2` (not for MobileNetV3,
 *   whose `conv_head` is a pre-logits layer after pooling, kept only in the untruncated model)
 */
export function efficientnetPlan(variant: EfficientnetVariant, eps: number): Plan {
  const v: EffVariant = EFFICIENTNET_VARIANTS[variant];
  const b = new PlanBuilder(eps);
  // stem: 3x3/2 conv (symmetric pad 1) + BN + act, 224 -> 112
  let cin = roundChannels(v.stem, v.width);
  let x = b.bn('bn1', b.conv('conv_stem', b.input, cin, { kernel: 3, stride: 2 }), v.act);
  decodeArch(v.stages, v.depth).forEach((stage, s) => {
    stage.forEach((args, i) => {
      const path = `blocks.${s}.${i}`;
      const cout = roundChannels(args.outChs, v.width);
      b.beginUnit(path);
      x = block({ b, v, path, cin, cout, args, stride: i === 0 ? args.stride : 1 }, x);
      b.endUnit();
      cin = cout;
    });
  });
  const features = roundChannels(v.features, v.width);
  if (v.head === 'prelogits')
    return b.finish('classifier', { name: 'conv_head', filters: features, act: v.act });
  b.beginUnit('conv_head+bn2');
  b.bn('bn2', b.conv('conv_head', x, features, { kernel: 1 }), v.act);
  b.endUnit();
  return b.finish('classifier');
}
