/**
 * timm module path -> torchvision module path, derived from the plan's structure (no key lists).
 * Pure: no '@tensorflow/*'.
 *
 * ResNet, DenseNet and InceptionV3 use the same names in timm and torchvision 0.14 (checked key
 * by key against `torchvision.models.*().state_dict()`). The EfficientNet family differs; the
 * torchvision layouts (torchvision 0.14 `efficientnet.py`, `mobilenetv2.py`, `mobilenetv3.py`,
 * `mnasnet.py`) are, per style:
 * - efficientnet: `features.0.{0,1}` stem, `features.{stage+1}.{i}.block.{g}` blocks,
 *   `features.{stages+1}.{0,1}` head conv, `classifier.1` Linear;
 * - mobilenetv3: blocks numbered flat, `features.{1+n}.block.{g}`; the final 1x1 conv-BN
 *   (timm `blocks.6.0`) is `features.16.{0,1}`; timm's pre-logits `conv_head` (1x1 conv, bias)
 *   is the Linear `classifier.0` (same numbers, shape [O, I] instead of [O, I, 1, 1]);
 *   `classifier.3` is the classifier;
 * - mobilenetv2: `features.{1+n}.conv.{g}` like the above, except that the last conv and its BN
 *   are bare entries `conv.{g}`, `conv.{g+1}` (no Conv2dNormActivation around the projection);
 * - mnasnet: one flat `layers` Sequential that also counts the activations: stem and the first
 *   (depthwise-separable) stage are `layers.0..7`, each later stage one `layers.{8+s-1}` stack of
 *   `{i}.layers.{j}` (j counting conv, BN and ReLU), then the head conv/BN.
 * Inside a block ("groups"): each conv outside the SE starts a group `{g}` holding `{g}.0` = conv
 * and `{g}.1` = its BN; the SE is one group with `fc1`/`fc2` (timm `conv_reduce`/`conv_expand`).
 */
import type { ArchId } from '../catalog.ts';
import type { Plan, PlanNode } from '../plan.ts';

/** How a family's torchvision module tree is laid out (see the file comment). */
export type TorchvisionStyle = 'same' | 'efficientnet' | 'mobilenetv3' | 'mobilenetv2' | 'mnasnet';

/** Data: torchvision layout per architecture; null where torchvision has no such model. */
export const TORCHVISION_STYLE = {
  densenet121: 'same',
  densenet169: 'same',
  densenet201: 'same',
  resnet18: 'same',
  resnet34: 'same',
  resnet50: 'same',
  resnet101: 'same',
  inception_v3: 'same',
  inception_v4: null,
  mnasnet_100: 'mnasnet',
  efficientnet_b0: 'efficientnet',
  efficientnet_b1: 'efficientnet',
  efficientnet_b2: 'efficientnet',
  efficientnet_b3: 'efficientnet',
  mobilenetv2_100: 'mobilenetv2',
  mobilenetv3_large_100: 'mobilenetv3',
} as const satisfies Record<ArchId, TorchvisionStyle | null>;

/**
 * Data: BatchNorm eps of torchvision's model where it differs from the zoo's (timm's). A
 * torchvision checkpoint loaded into the zoo model then runs with the timm eps: outputs differ
 * slightly from torchvision's own (the loader says so in its report).
 */
export const TORCHVISION_BN_EPS: Partial<Record<ArchId, number>> = {
  mobilenetv3_large_100: 1e-3, // torchvision mobilenetv3.py: norm_layer eps=0.001
};

type Weighted = Extract<PlanNode, { op: 'conv' | 'bn' }>;

const isWeighted = (n: PlanNode): n is Weighted => n.op === 'conv' || n.op === 'bn';

/** Nested groups: `{prefix}.{g}.{0|1}` for conv/BN pairs, `{prefix}.{g}.fc{1|2}` for the SE. */
function nestedNames(
  nodes: readonly PlanNode[],
  prefix: string,
  flatLast: boolean,
): [string, string][] {
  const weighted = nodes.filter(isWeighted);
  const lastConv = weighted.findLastIndex((n) => n.op === 'conv');
  const out: [string, string][] = [];
  let g = -1;
  weighted.forEach((n, i) => {
    if (n.name.endsWith('.se.conv_reduce')) out.push([n.name, `${prefix}.${++g}.fc1`]);
    else if (n.name.endsWith('.se.conv_expand')) out.push([n.name, `${prefix}.${g}.fc2`]);
    else if (n.op === 'conv' && flatLast && i === lastConv) out.push([n.name, `${prefix}.${++g}`]);
    else if (n.op === 'conv') out.push([n.name, `${prefix}.${++g}.0`]);
    else out.push([n.name, flatLast && i > lastConv ? `${prefix}.${++g}` : `${prefix}.${g}.1`]);
  });
  return out;
}

/**
 * Flat numbering that counts conv, BN and activation modules (nn.Sequential indices).
 * @returns the pairs and the next free index
 */
function flatNames(
  nodes: readonly PlanNode[],
  prefix: string,
  start: number,
): { pairs: [string, string][]; next: number } {
  const pairs: [string, string][] = [];
  let j = start;
  for (const n of nodes) {
    if (isWeighted(n)) pairs.push([n.name, `${prefix}.${j}`]);
    if (isWeighted(n) || n.op === 'act') j++;
  }
  return { pairs, next: j };
}

interface Block {
  readonly end: number;
  readonly stage: number;
  readonly index: number;
  /** Position among all blocks. */
  readonly flat: number;
  readonly nodes: readonly PlanNode[];
}

function blocksOf(plan: Plan): Block[] {
  const blocks = plan.units.filter((u) => u.name.startsWith('blocks.'));
  return blocks.map((u, flat) => {
    const [, s = '', i = ''] = u.name.split('.');
    return {
      end: u.end,
      stage: Number(s),
      index: Number(i),
      flat,
      nodes: plan.nodes.slice(u.start, u.end),
    };
  });
}

/** Stem and head (nodes outside the `blocks.*` units) for the features-style layouts. */
function stemAndHead(
  style: TorchvisionStyle,
  blocks: readonly Block[],
  stages: number,
): [string, string][] {
  const pairs: [string, string][] = [
    ['conv_stem', 'features.0.0'],
    ['bn1', 'features.0.1'],
  ];
  if (style === 'mobilenetv3')
    pairs.push(['conv_head', 'classifier.0'], ['classifier', 'classifier.3']);
  else {
    const last = style === 'efficientnet' ? stages + 1 : blocks.length + 1;
    pairs.push(
      ['conv_head', `features.${last}.0`],
      ['bn2', `features.${last}.1`],
      ['classifier', 'classifier.1'],
    );
  }
  return pairs;
}

function blockNames(
  b: Block,
  style: 'efficientnet' | 'mobilenetv3' | 'mobilenetv2',
): [string, string][] {
  if (style === 'efficientnet')
    return nestedNames(b.nodes, `features.${b.stage + 1}.${b.index}.block`, false);
  if (style === 'mobilenetv2') return nestedNames(b.nodes, `features.${b.flat + 1}.conv`, true);
  // MobileNetV3's final conv-BN block (timm `ConvBnAct`) is a bare Conv2dNormActivation.
  const convBnAct = !b.nodes.some((n) => n.name.endsWith('.conv_pw'));
  if (!convBnAct) return nestedNames(b.nodes, `features.${b.flat + 1}.block`, false);
  return b.nodes
    .filter(isWeighted)
    .map((n): [string, string] => [n.name, `features.${b.flat + 1}.${n.op === 'conv' ? 0 : 1}`]);
}

function featuresStyle(
  plan: Plan,
  style: 'efficientnet' | 'mobilenetv3' | 'mobilenetv2',
): [string, string][] {
  const blocks = blocksOf(plan);
  const stages = Math.max(...blocks.map((b) => b.stage)) + 1;
  return [...stemAndHead(style, blocks, stages), ...blocks.flatMap((b) => blockNames(b, style))];
}

function mnasnetStyle(plan: Plan): [string, string][] {
  const blocks = blocksOf(plan);
  const firstEnd = Math.max(...blocks.filter((b) => b.stage === 0).map((b) => b.end));
  // stem + stage 0 share torchvision's top-level Sequential: layers.0 .. layers.7
  const { pairs, next } = flatNames(plan.nodes.slice(0, firstEnd), 'layers', 0);
  for (const b of blocks.filter((x) => x.stage > 0))
    pairs.push(...flatNames(b.nodes, `layers.${next + b.stage - 1}.${b.index}.layers`, 0).pairs);
  const head = next + Math.max(...blocks.map((b) => b.stage));
  pairs.push(
    ['conv_head', `layers.${head}`],
    ['bn2', `layers.${head + 1}`],
    ['classifier', 'classifier.1'],
  );
  return pairs;
}

/**
 * @param plan the architecture's full plan (its modules; the classifier is `plan.classifier`)
 * @param style the torchvision layout of its family
 * @returns timm module path -> torchvision module path, for every module with weights
 */
export function torchvisionModules(plan: Plan, style: TorchvisionStyle): Map<string, string> {
  if (style === 'same') {
    const names = plan.nodes.filter(isWeighted).map((n): [string, string] => [n.name, n.name]);
    return new Map([...names, [plan.classifier, plan.classifier]]);
  }
  return new Map(style === 'mnasnet' ? mnasnetStyle(plan) : featuresStyle(plan, style));
}

/**
 * Legacy torchvision DenseNet checkpoints name `denselayerN.norm.1` what is now `norm1` (torchvision
 * `densenet.py::_load_state_dict` remaps them with a regex); the same rename, for any key.
 * @param key a state-dict key
 * @returns the key in current torchvision/timm spelling
 */
export function modernDensenetKey(key: string): string {
  return key.replace(/(denselayer\d+)\.(norm|relu|conv)\.([12])\./, '$1.$2$3.');
}
