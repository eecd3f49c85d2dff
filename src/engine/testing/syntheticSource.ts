/**
 * A tf-free weight source with constant values in the shapes the LayersModel would have
 * (keymap.ts' weightRefs), BN variances 1: for tests of the compiler's structure and memory
 * plan, where no forward pass is needed.
 */
import { weightRefs } from '../../zoo/keymap.ts';
import { truncatedNodes } from '../../zoo/plan.ts';
import { getArch } from '../../zoo/registry.ts';
import type { EngineModelSource, EngineWeights } from '../types.ts';

export interface SyntheticOptions {
  readonly numClasses: number;
  readonly unitsRemoved?: number;
  readonly inputSize?: number;
  readonly inChannels?: number;
  readonly featuresNode?: string;
}

/**
 * @param archId architecture
 * @param o classes, truncation, input size, channels, Grad-CAM node
 * @returns a source whose weights are made once, on first request
 */
export function syntheticSource(archId: string, o: SyntheticOptions): EngineModelSource {
  const arch = getArch(archId);
  const size = o.inputSize ?? arch.meta.inputSize;
  const { nodes } = truncatedNodes(arch.plan(), o.unitsRemoved ?? 0, o.numClasses);
  const refs = new Map(
    weightRefs(nodes, size, o.inChannels ?? 3).map((r) => [`${r.layer}/${r.tfName}`, r]),
  );
  const weight = (layer: string, tfName: string): EngineWeights | null => {
    const r = refs.get(`${layer}/${tfName}`);
    if (r === undefined) return null;
    const n = r.tfShape.reduce((a, b) => a * b, 1);
    return {
      data: new Float32Array(n).fill(tfName === 'moving_variance' ? 1 : 0.01),
      shape: r.tfShape,
    };
  };
  return {
    archId,
    numClasses: o.numClasses,
    ...(o.unitsRemoved === undefined ? {} : { unitsRemoved: o.unitsRemoved }),
    ...(o.inputSize === undefined ? {} : { inputSize: o.inputSize }),
    ...(o.featuresNode === undefined ? {} : { featuresNode: o.featuresNode }),
    weight,
  };
}
