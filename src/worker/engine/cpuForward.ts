/**
 * One forward pass for every CPU inference in the worker (Lab latency, the X-ray panel, Grad-CAM):
 * the engine when it runs and the active tfjs backend is the CPU or WASM one, else tfjs's fused
 * ops (zoo/fused.ts), which also stay the fallback when the engine cannot compile a model.
 * Either way the result has FusedModel's tensor interface, so callers do not branch; WebGPU and
 * WebGL always take the fused tfjs path (their tensors live on the GPU).
 */
import * as tf from '@tensorflow/tfjs';
import { compileFused, type FusedModel, type FusedOptions } from '../../zoo/fused.ts';
import type { EngineModel } from './engineApi.ts';
import { cpuEngine, engineState, type CpuRuntime } from './engineHost.ts';
import { engineSourceOf } from './tfSource.ts';

/** A compiled forward pass, with what runs it. */
export interface CpuForward extends Omit<FusedModel, 'stats'> {
  readonly runtime: CpuRuntime | 'tfjs';
  /** Ops of the compiled program (engine ops or fused tfjs steps). */
  readonly steps: number;
  /** Why the fused tfjs path runs on a CPU backend although the engine started; else null. */
  readonly note: string | null;
}

const CPU_BACKENDS = new Set(['wasm', 'cpu']);

/**
 * @param model a model from `buildModel(archId, opts)` (its weights are copied now)
 * @param archId architecture id
 * @param opts classes, truncation, input size and the Grad-CAM node
 * @returns the engine's forward when it can run it, else the fused tfjs path
 */
export function compileForward(
  model: tf.LayersModel,
  archId: string,
  opts: FusedOptions,
): CpuForward {
  const engine = cpuEngine();
  let note: string | null = null;
  if (engine !== null && CPU_BACKENDS.has(tf.getBackend())) {
    try {
      return wrapEngine(engine.compile(engineSourceOf(model, archId, opts)));
    } catch (error) {
      note = `the engine could not compile ${archId}: ${String(error)}`;
    }
  }
  const fused = compileFused(model, archId, opts);
  const onCpu = CPU_BACKENDS.has(tf.getBackend());
  return {
    predict: (x) => fused.predict(x),
    predictWithFeatures: (x) => fused.predictWithFeatures(x),
    dispose: () => fused.dispose(),
    runtime: onCpu && tf.getBackend() === 'wasm' ? 'tfjs-wasm' : 'tfjs',
    steps: fused.stats.steps,
    note:
      note ?? (onCpu && engineState()?.engine === null ? (engineState()?.reason ?? null) : null),
  };
}

/** The engine's Float32Array interface behind FusedModel's tensor one. */
function wrapEngine(m: EngineModel): CpuForward {
  const build = engineState()?.runtime ?? 'simd';
  const input = (x: tf.Tensor4D): Float32Array => x.dataSync() as Float32Array;
  return {
    predict: (x) => {
      const b = x.shape[0];
      const logits = m.predict(input(x), b);
      return tf.tensor2d(logits.slice(), [b, logits.length / b]);
    },
    predictWithFeatures: (x) => {
      const b = x.shape[0];
      const { features, featureShape, logits } = m.predictWithFeatures(input(x), b);
      return [
        tf.tensor4d(features.slice(), [b, featureShape[0], featureShape[1], featureShape[2]]),
        tf.tensor2d(logits.slice(), [b, logits.length / b]),
      ];
    },
    dispose: () => m.dispose(),
    runtime: build,
    steps: m.stats.ops,
    note: null,
  };
}
