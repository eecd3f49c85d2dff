/**
 * What a grid costs before it runs: multiply-adds of each task from the zoo's analytic counter
 * (the Lab's numbers), turned into floating-point work and an estimated wall time at a sustained
 * throughput the person states. Estimates, not measurements: the README says how to measure. Pure.
 */
import { countTruncated } from '../zoo/analytic.ts';
import { inChannelsOfInit } from './inDomain.ts';
import type { GridSpec } from './spec.ts';
import type { GridTask } from './tasks.ts';

/**
 * Training one image costs about three forward passes (the forward pass, then gradients with
 * respect to activations and to weights, each about as costly); evaluating one costs one.
 * The usual rule of thumb (e.g. Kaplan et al. 2020, arXiv:2001.08361, section 2.1: "backwards
 * pass ... approximately twice the compute as the forwards pass").
 */
export const TRAIN_PASSES = 3;

/** One multiply-add is two floating-point operations. */
export const FLOP_PER_MAC = 2;

/** Images each task trains and validates on. */
export interface ImageCounts {
  readonly train: number;
  readonly validation: number;
}

/** One task's cost. */
export interface TaskPlan {
  readonly index: number;
  readonly arch: string;
  readonly init: string;
  readonly unitsRemoved: number;
  readonly seed: number;
  /** Trainable parameters (5-class head; a 1-channel stem for an in-domain start). */
  readonly params: number;
  /** Multiply-adds of one forward pass of one image at the spec's input size. */
  readonly macsPerImage: number;
  /** Floating-point operations of the whole task: all epochs, training and validation. */
  readonly flop: number;
  /** Estimated seconds on one device at the stated throughput. */
  readonly seconds: number;
}

/** The grid's cost. */
export interface GridPlan {
  readonly tasks: readonly TaskPlan[];
  readonly images: ImageCounts;
  readonly totalFlop: number;
  /** Device-hours at the stated throughput (the sum over tasks). */
  readonly deviceHours: number;
  /** Estimated wall time with `devices` running tasks in parallel (longest-first packing). */
  readonly wallSeconds: number;
  readonly devices: number;
  readonly tflops: number;
}

/**
 * @param spec the grid
 * @param override images per task when the spec does not fix them (a CheXpert folder's count)
 * @returns the counts, or a message asking for them
 */
export function imagesOf(spec: GridSpec, override?: Partial<ImageCounts>): ImageCounts | string {
  const d = spec.dataset;
  const fromSpec =
    d.kind === 'synthetic'
      ? { train: d.size, validation: d.validationSize }
      : { train: d.subsetSize, validation: undefined };
  const train = override?.train ?? fromSpec.train;
  if (train === undefined)
    return `The spec's ${d.kind} dataset has no subsetSize, so the number of training images is unknown: pass --train-images N (e.g. 190000 for CheXpert's frontal training images).`;
  // CheXpert's valid.csv has 234 images (Irvin et al. 2019, arXiv:1901.07031, section 2.1);
  // NIH has none, so a patient split holds out validationFraction (default 0.1) of the images.
  const f = d.kind === 'nih' ? (d.validationFraction ?? 0.1) : 0;
  const split = d.kind === 'nih' ? Math.round((train * f) / (1 - f)) : 234;
  const validation = override?.validation ?? fromSpec.validation ?? split;
  return { train, validation };
}

/**
 * Assigns tasks to devices longest first, each to the least loaded device (LPT scheduling), with
 * the loads in a binary min-heap: O(t log d) for t tasks on d devices, and more devices than tasks
 * change nothing (the extra ones stay idle), so any --gpus count is answered at once.
 * @param seconds each task's time
 * @param devices parallel devices
 * @returns the makespan
 */
function makespan(seconds: readonly number[], devices: number): number {
  const heap = new Float64Array(Math.max(1, Math.min(devices, seconds.length)));
  for (const s of [...seconds].sort((a, b) => b - a)) {
    heap[0] = (heap[0] ?? 0) + s; // the least loaded device takes the next longest task
    siftDown(heap);
  }
  return heap.reduce((a, b) => Math.max(a, b), 0);
}

/** Restores the min-heap order after the root grew. */
function siftDown(heap: Float64Array): void {
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let least = i;
    if (l < heap.length && (heap[l] ?? 0) < (heap[least] ?? 0)) least = l;
    if (r < heap.length && (heap[r] ?? 0) < (heap[least] ?? 0)) least = r;
    if (least === i) return;
    [heap[i], heap[least]] = [heap[least] ?? 0, heap[i] ?? 0];
    i = least;
  }
}

/**
 * @param spec the grid
 * @param tasks its tasks
 * @param opts devices, sustained TFLOP/s per device, image counts
 * @returns the plan, or a message when the image counts are unknown
 */
export function planGrid(
  spec: GridSpec,
  tasks: readonly GridTask[],
  opts: { devices: number; tflops: number; images?: Partial<ImageCounts> },
): GridPlan | string {
  const images = imagesOf(spec, opts.images);
  if (typeof images === 'string') return images;
  const perSecond = opts.tflops * 1e12;
  // Counted once per configuration: a grid's seeds share it (100,000 seeds, one count).
  const counts = new Map<string, ReturnType<typeof countTruncated>>();
  const plans = tasks.map((t): TaskPlan => {
    const inChannels = inChannelsOfInit(t.init);
    const key = `${t.arch}|${t.unitsRemoved}|${inChannels}`;
    let c = counts.get(key);
    if (c === undefined) {
      c = countTruncated(t.arch, {
        unitsRemoved: t.unitsRemoved,
        inputSize: spec.inputSize,
        inChannels,
      });
      counts.set(key, c);
    }
    const passes = spec.epochs * (TRAIN_PASSES * images.train + images.validation);
    const flop = FLOP_PER_MAC * c.macs * passes;
    return {
      index: t.index,
      arch: t.arch,
      init: t.init.kind,
      unitsRemoved: t.unitsRemoved,
      seed: t.seed,
      params: c.trainable,
      macsPerImage: c.macs,
      flop,
      seconds: flop / perSecond,
    };
  });
  const totalFlop = plans.reduce((a, p) => a + p.flop, 0);
  return {
    tasks: plans,
    images,
    totalFlop,
    deviceHours: totalFlop / perSecond / 3600,
    wallSeconds: makespan(
      plans.map((p) => p.seconds),
      opts.devices,
    ),
    devices: opts.devices,
    tflops: opts.tflops,
  };
}
