/**
 * How long a training run will take on a backend, from the analytic counter's work and a rate
 * measured on that backend (the Train tab's probe, or `chextransfer grid plan --measure`). One
 * model for both: a step costs a fixed time per layer (kernel launches, shader dispatch, tfjs
 * bookkeeping: what dominates small models on a software GPU) plus its floating-point work at the
 * backend's measured throughput. The probe measures one small model at two batch sizes, which
 * separates the two terms. Estimates, not promises: data preparation, model building and the
 * first step's shader compilation are left out. Pure: no tfjs.
 */
import { countTruncated } from '../zoo/analytic.ts';
import { truncatedNodes } from '../zoo/plan.ts';
import { getArch } from '../zoo/registry.ts';
import { FLOP_PER_MAC, TRAIN_PASSES } from './plan.ts';

/** A backend's measured speed. */
export interface MeasuredRate {
  /** e.g. 'webgl', or 'node cpu'. */
  readonly backend: string;
  /** Fixed cost of one step per layer of the model, in ms. */
  readonly msPerLayer: number;
  /** Sustained floating-point operations per second; null when the steps were all overhead. */
  readonly flopPerSecond: number | null;
}

/** What a run must do. */
export interface RunShape {
  readonly arch: string;
  readonly unitsRemoved: number;
  readonly inputSize: number;
  /** 3, or 1 for a grey-input (in-domain) start. */
  readonly inChannels?: number;
  readonly batchSize: number;
  readonly epochs: number;
  readonly trainImages: number;
  readonly validationImages: number;
}

/** The run's work, from the analytic counter. */
export interface RunWork {
  /** Layers of the (truncated) model with its 5-output head. */
  readonly layers: number;
  readonly macsPerImage: number;
  readonly trainSteps: number;
  readonly evalSteps: number;
  /** Floating-point operations of all training steps and all evaluations. */
  readonly flop: number;
}

/** The probe's model: the quick preset's (MobileNetV2's first four units) at 32 px. */
export const PROBE_MODEL = { arch: 'mobilenetv2_100', keepUnits: 2, inputSize: 32 } as const;
/**
 * The probe's two batch sizes: the step time's slope between them is the FLOP rate. The larger
 * first: when time allows only one, its effective rate is the nearer to a run's larger batches.
 */
export const PROBE_BATCHES = [4, 1] as const;

/** @returns units removed so that the probe model keeps its first four units */
export function probeUnitsRemoved(): number {
  return getArch(PROBE_MODEL.arch).plan().units.length - PROBE_MODEL.keepUnits;
}

/**
 * @param arch architecture id
 * @param unitsRemoved final units removed
 * @returns the layer count of the truncated model with a 5-output head
 */
export function layerCount(arch: string, unitsRemoved: number): number {
  return truncatedNodes(getArch(arch).plan(), unitsRemoved, 5).nodes.length;
}

/**
 * @param shape the run
 * @returns its steps, layers and floating-point work (training: TRAIN_PASSES forward passes)
 */
export function runWork(shape: RunShape): RunWork {
  const c = countTruncated(shape.arch, {
    unitsRemoved: shape.unitsRemoved,
    inputSize: shape.inputSize,
    inChannels: shape.inChannels ?? 3,
  });
  const perEpochTrain = Math.ceil(shape.trainImages / shape.batchSize);
  const perEpochEval = Math.ceil(shape.validationImages / shape.batchSize);
  const images = TRAIN_PASSES * shape.trainImages + shape.validationImages;
  return {
    layers: layerCount(shape.arch, shape.unitsRemoved),
    macsPerImage: c.macs,
    trainSteps: shape.epochs * perEpochTrain,
    evalSteps: shape.epochs * perEpochEval,
    flop: FLOP_PER_MAC * c.macs * images * shape.epochs,
  };
}

/**
 * @param work the run's work
 * @param rate a measured rate
 * @returns estimated seconds (training steps and evaluations; an evaluation step, forward only,
 *   is charged a third of a training step's overhead)
 */
export function estimateSeconds(work: RunWork, rate: MeasuredRate): number {
  const overheadMs = rate.msPerLayer * work.layers * (work.trainSteps + work.evalSteps / 3);
  const computeS = rate.flopPerSecond === null ? 0 : work.flop / rate.flopPerSecond;
  return overheadMs / 1000 + computeS;
}

/** One timed step of the probe. */
export interface ProbeTiming {
  readonly batch: number;
  /** Median ms of the step at this batch size. */
  readonly ms: number;
}

/**
 * Fits `ms = layers * msPerLayer + flop / rate` to the probe's timings.
 * @param timings the median step time at each probe batch size measured
 * @param backend the backend's name
 * @returns the rate: with two batch sizes, overhead and FLOP rate (overhead only when the larger
 *   batch was not slower); with one, its effective FLOP rate and no overhead term
 */
export function fitRate(timings: readonly ProbeTiming[], backend: string): MeasuredRate {
  const layers = layerCount(PROBE_MODEL.arch, probeUnitsRemoved());
  const { macs } = countTruncated(PROBE_MODEL.arch, {
    unitsRemoved: probeUnitsRemoved(),
    inputSize: PROBE_MODEL.inputSize,
  });
  const flopOf = (batch: number): number => TRAIN_PASSES * FLOP_PER_MAC * macs * batch;
  const sorted = [...timings].sort((a, b) => a.batch - b.batch);
  const small = sorted[0];
  const large = sorted.at(-1);
  if (small === undefined || large === undefined) throw new Error('fitRate needs a timing');
  if (small.batch === large.batch)
    return { backend, msPerLayer: 0, flopPerSecond: flopOf(small.batch) / (small.ms / 1000) };
  const dMs = large.ms - small.ms;
  if (!(dMs > 0))
    return { backend, msPerLayer: (small.ms + large.ms) / 2 / layers, flopPerSecond: null };
  const flopPerSecond = (flopOf(large.batch) - flopOf(small.batch)) / (dMs / 1000);
  const overheadMs = Math.max(0, small.ms - (flopOf(small.batch) / flopPerSecond) * 1000);
  return { backend, msPerLayer: overheadMs / layers, flopPerSecond };
}

/**
 * @param s seconds
 * @returns e.g. "about 4 min", "about 40 s", "about 2 h 10 min"
 */
export function aboutDuration(s: number): string {
  if (!Number.isFinite(s)) return 'unknown';
  if (s < 60) return `about ${Math.max(1, Math.round(s))} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `about ${min} min`;
  const h = Math.floor(min / 60);
  return h < 48
    ? `about ${h} h ${String(min % 60).padStart(2, '0')} min`
    : `about ${Math.round(h / 24)} days`;
}
