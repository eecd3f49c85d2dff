/**
 * The training-speed probe of one backend: a few Adam steps of a small model (the quick preset's,
 * src/grid/estimate.ts PROBE_MODEL) at two batch sizes, timed after one warm-up step each (shader
 * compilation; the CPU needs one in all), within a time budget. The two median step times give a
 * per-layer overhead and a FLOP rate (`fitRate`), from which any configuration's time is
 * estimated. Run in a worker of its
 * own (the client starts one and ends it), so switching backends here disturbs nothing else.
 */
import * as tf from '@tensorflow/tfjs';
import { fitRate, PROBE_BATCHES, PROBE_MODEL, probeUnitsRemoved } from '../../grid/estimate.ts';
import { NUM_TASKS } from '../../data/labelTypes.ts';
import { buildModel } from '../../zoo/build.ts';
import { trainStep } from '../training/trainLoop.ts';
import { chooseBackend } from './backend.ts';
import { installFastCpuKernels } from './cpuKernels.ts';
import { deviceWords, webglRenderer } from './device.ts';
import type { BackendName, BackendProbe, BackendInfo } from '../protocol.ts';

/** Timed steps per batch size: at least one, at most this many (more would only spend time). */
const MAX_STEPS = 5;

type Batch = { x: Float32Array; y: Float32Array; mask: Float32Array; count: number };

/** @returns a fixed pseudo-random batch (values do not change the timing, only the shapes) */
function batchOf(count: number, size: number): Batch {
  const x = new Float32Array(count * size * size * 3);
  for (let i = 0; i < x.length; i++) x[i] = ((i * 2654435761) % 1000) / 500 - 1;
  const y = new Float32Array(count * NUM_TASKS).map((_, i) => i % 2);
  return { x, y, mask: new Float32Array(count * NUM_TASKS).fill(1), count };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
};

async function timedStep(model: tf.LayersModel, opt: tf.Optimizer, b: Batch): Promise<number> {
  const t = performance.now();
  const cost = trainStep(model, opt, b, PROBE_MODEL.inputSize);
  await cost.data();
  cost.dispose();
  return performance.now() - t;
}

function failed(name: BackendName, note: string, started: number): BackendProbe {
  const { device, software } = deviceWords(name, null, '');
  const totalMs = performance.now() - started;
  const none = { msPerLayer: null, flopPerSecond: null, timings: [], warmupMs: totalMs };
  return { name, ok: false, note, device, software, totalMs, ...none };
}

/** Starts exactly `name` for training (no fallback to another backend). */
async function start(name: BackendName): Promise<BackendInfo | string> {
  const others = (['webgpu', 'webgl', 'cpu', 'wasm'] as const).filter((n) => n !== name);
  try {
    const info = await chooseBackend('train', name, others);
    if (info.name === 'cpu') installFastCpuKernels();
    return info;
  } catch {
    return 'not available in this browser';
  }
}

/** What has been timed so far: the median per batch size, the steps behind each, their time. */
interface Timed {
  readonly timings: { batch: number; ms: number }[];
  readonly steps: number[];
  timedMs: number;
}

/**
 * Times the probe model: per batch size timed steps while they fit in that batch size's share of
 * the budget (at least one), each batch size after an untimed warm-up step. On a GPU each batch
 * size needs one (its shapes compile new shaders: SwiftShader's WebGL took 6-15 s for the first
 * on a busy 2-core machine); on the CPU, which compiles nothing, one warm-up at the smallest batch
 * is enough (its first step, allocation and the JavaScript engine warming up, ran 1.5-2x slower
 * than the next ones), so the CPU, measured first, leaves the GPUs more of the first 10 s. The
 * budget counts timed steps only: the caller's deadline bounds the warm-ups (it ends the worker),
 * and what was timed before is reported first (`onTimed`), so a deadline that cuts the second
 * compilation short keeps the first measurement.
 * @param model the probe model
 * @param opt its optimiser
 * @param budget the backend, and the time its timed steps may take
 * @param onTimed told what is timed after each batch size
 * @returns the median time per batch size, the timed steps of each, and their total time
 */
async function measure(
  model: tf.LayersModel,
  opt: tf.Optimizer,
  budget: { readonly name: BackendName; readonly budgetMs: number },
  onTimed: (t: Timed) => void,
): Promise<Timed> {
  const out: Timed = { timings: [], steps: [], timedMs: 0 };
  const share = budget.budgetMs / PROBE_BATCHES.length;
  for (const [k, n] of PROBE_BATCHES.entries()) {
    const b = batchOf(n, PROBE_MODEL.inputSize);
    if (budget.name !== 'cpu') await timedStep(model, opt, b);
    else if (k === 0)
      await timedStep(model, opt, batchOf(Math.min(...PROBE_BATCHES), PROBE_MODEL.inputSize));
    const until = performance.now() + share;
    const times: number[] = [];
    do times.push(await timedStep(model, opt, b));
    while (times.length < MAX_STEPS && performance.now() + (times.at(-1) ?? 0) < until);
    out.timings.push({ batch: n, ms: median(times) });
    out.steps.push(times.length);
    out.timedMs += times.reduce((a, t) => a + t, 0);
    onTimed(out);
  }
  return out;
}

/** What a backend is doing before its first timed step, as the probe's line says it. */
export const firstStepWords = (name: BackendName): string =>
  name === 'cpu' ? 'warming up (the first step)' : 'compiling shaders (the first step)';

/**
 * @param base the backend, its device, when it started
 * @param timed what was timed
 * @returns the probe with the rate fitted to what was timed; one batch size gives one effective
 *   rate with no overhead term, an upper bound for a run with larger batches (said in the note)
 */
export function probeOf(
  base: Pick<BackendProbe, 'name' | 'device' | 'software'> & { readonly started: number },
  timed: Timed,
): BackendProbe {
  const { name, device, software, started } = base;
  const totalMs = performance.now() - started;
  if (timed.timings.length === 0)
    return {
      name,
      device,
      software,
      ok: false,
      note: firstStepWords(name),
      timings: [],
      msPerLayer: null,
      flopPerSecond: null,
      warmupMs: totalMs,
      totalMs,
    };
  const fitted = fitRate(timed.timings, name);
  const at = timed.timings.map((t, i) => `${timed.steps[i] ?? 0} at batch ${t.batch}`).join(', ');
  const one =
    timed.timings.length < 2
      ? ' (one batch size: one effective rate, so the estimate is an upper bound)'
      : '';
  return {
    name,
    device,
    software,
    ok: true,
    note: `timed steps: ${at}${one}`,
    timings: [...timed.timings],
    msPerLayer: fitted.msPerLayer,
    flopPerSecond: fitted.flopPerSecond,
    warmupMs: totalMs - timed.timedMs,
    totalMs,
  };
}

/**
 * Measures one backend's training speed.
 * @param name the backend (WASM cannot train and is refused)
 * @param budgetMs the time its timed steps may take (see `measure`); the caller ends the worker
 *   at its own deadline, which bounds the start and the warm-ups
 * @param onPartial told the probe so far: the device as soon as the backend runs, then the
 *   timings after each batch size (what the caller keeps when it ends the worker)
 * @returns the timings and the fitted rate, or why there are none
 */
export async function probeBackend(
  name: BackendName,
  budgetMs: number,
  onPartial?: (probe: BackendProbe) => void,
): Promise<BackendProbe> {
  const started = performance.now();
  if (name === 'wasm') return failed(name, 'cannot train (no convolution gradients)', started);
  const info = await start(name);
  if (typeof info === 'string') return failed(name, info, started);
  const renderer = name === 'webgl' ? webglRenderer() : '';
  const base = { name, started, ...deviceWords(name, info.adapter, renderer) };
  onPartial?.(probeOf(base, { timings: [], steps: [], timedMs: 0 }));
  const model = buildModel(PROBE_MODEL.arch, {
    numClasses: NUM_TASKS,
    unitsRemoved: probeUnitsRemoved(),
    inputSize: PROBE_MODEL.inputSize,
    seed: 1,
  });
  const opt = tf.train.adam(1e-3);
  try {
    const timed = await measure(model, opt, { name, budgetMs }, (t) =>
      onPartial?.(probeOf(base, t)),
    );
    return probeOf(base, timed);
  } finally {
    opt.dispose();
    model.dispose();
  }
}
