/**
 * What the run view shows, folded from the worker's progress events by a pure reducer, plus the
 * two things that keep drawing cheap while training: a batcher that hands events to the store at
 * most every 250 ms (one render per batch, not per event), and a cap on the stored loss points
 * (halved when full, so a long run never grows the chart beyond `MAX_STEP_POINTS`).
 */
import type { EpochRecord, TrainProgress } from '../../worker/protocol.ts';

/** Most loss points kept for the chart. */
export const MAX_STEP_POINTS = 500;

/** One point of the training-loss curve; `x` counts epochs (1.5 = half-way through epoch 2). */
export interface StepPoint {
  readonly x: number;
  readonly loss: number;
}

/** The latest step event's counters (the event without its loss, which goes to the curve). */
export type StepCounters = Omit<Extract<TrainProgress, { type: 'step' }>, 'type' | 'loss'>;

/** What the worker said when the run started (its backend is updated after a device loss). */
export type RunStart = Omit<Extract<TrainProgress, { type: 'start' }>, 'type'>;

/** The progress part of the run view. */
export interface RunProgress {
  readonly start: RunStart | null;
  readonly counters: StepCounters | null;
  readonly steps: readonly StepPoint[];
  readonly epochs: readonly EpochRecord[];
  readonly paused: boolean;
  /** Notes the worker sent during the run (e.g. a backend change). */
  readonly notes: readonly string[];
  /** The last on-demand evaluation ('Evaluate now'), if any. */
  readonly evaluation: {
    readonly epoch: number;
    readonly step: number;
    readonly meanAuc: number | null;
    readonly validationLoss: number;
  } | null;
  /** Images decoded so far by an in-memory dataset's preload, before 'start'. */
  readonly preparing: { readonly done: number; readonly total: number } | null;
}

/** A run view before any event. */
export const EMPTY_PROGRESS: RunProgress = {
  start: null,
  counters: null,
  steps: [],
  epochs: [],
  paused: false,
  notes: [],
  evaluation: null,
  preparing: null,
};

/**
 * @param points the stored points
 * @param point the new point
 * @param cap most points kept
 * @returns the points with the new one; when over the cap, every other older point is dropped
 *   (first and newest kept), so the curve keeps its shape at half the resolution
 */
export function appendCapped(
  points: readonly StepPoint[],
  point: StepPoint,
  cap: number = MAX_STEP_POINTS,
): StepPoint[] {
  const next = [...points, point];
  if (next.length <= cap) return next;
  return next.filter((_, i) => i % 2 === 0 || i === next.length - 1);
}

/**
 * @param state the run view
 * @param event one progress event
 * @returns the run view after it
 */
function reduceOne(state: RunProgress, event: TrainProgress): RunProgress {
  switch (event.type) {
    case 'start': {
      const { config, backend, backendInfo, runId, params, trainImages, validationImages } = event;
      return {
        ...EMPTY_PROGRESS,
        start: { config, backend, backendInfo, runId, params, trainImages, validationImages },
      };
    }
    case 'step': {
      const { epoch, step, stepsPerEpoch, imagesPerSecond, etaMs, loss } = event;
      const x = epoch - 1 + step / Math.max(1, stepsPerEpoch);
      return {
        ...state,
        counters: { epoch, step, stepsPerEpoch, imagesPerSecond, etaMs },
        steps: appendCapped(state.steps, { x, loss }),
      };
    }
    case 'epoch': {
      // After a device loss the run repeats epochs from its checkpoint: a repeated epoch number
      // replaces the earlier record.
      const kept = state.epochs.filter((r) => r.epoch < event.record.epoch);
      return { ...state, epochs: [...kept, event.record] };
    }
    case 'backend-lost': {
      const start = state.start && {
        ...state.start,
        backend: event.to,
        backendInfo: event.backendInfo,
      };
      return { ...state, start, notes: [...state.notes, event.message] };
    }
    case 'evaluation': {
      const { epoch, step, meanAuc, validationLoss } = event;
      return { ...state, evaluation: { epoch, step, meanAuc, validationLoss } };
    }
    case 'preparing':
      return { ...state, preparing: { done: event.done, total: event.total } };
    case 'paused':
      return { ...state, paused: true };
    case 'resumed':
      return { ...state, paused: false };
    default:
      return state;
  }
}

/**
 * @param state the run view
 * @param events a batch of progress events, oldest first
 * @returns the run view after all of them (one store update per batch)
 */
export function reduceProgress(state: RunProgress, events: readonly TrainProgress[]): RunProgress {
  return events.reduce(reduceOne, state);
}

/** A batcher of progress events. */
export interface ProgressBatcher {
  /** Queues an event; the batch is handed over at most once per interval. */
  readonly push: (event: TrainProgress) => void;
  /** Hands over what is queued now (end of a run). */
  readonly flush: () => void;
  /** Drops what is queued and stops the timer. */
  readonly cancel: () => void;
}

/**
 * @param deliver receives each batch, oldest event first
 * @param intervalMs most one batch per this many milliseconds
 * @returns a batcher: a trailing throttle, so the first event of a quiet period waits at most
 *   `intervalMs` and a burst becomes one delivery
 */
export function createProgressBatcher(
  deliver: (events: TrainProgress[]) => void,
  intervalMs = 250,
): ProgressBatcher {
  let queue: TrainProgress[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    deliver(batch);
  };
  return {
    push: (event) => {
      queue.push(event);
      timer ??= setTimeout(flush, intervalMs);
    },
    flush,
    cancel: () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      queue = [];
    },
  };
}

/**
 * @param ms milliseconds
 * @returns e.g. "42 s", "3 min 05 s", "1 h 02 min"
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/**
 * How far the run is, in steps: the latest step event's, or whole epochs once they are evaluated.
 * @param progress the run view
 * @returns steps done and in all, or null before the run knows its steps
 */
export function runFraction(progress: RunProgress): { done: number; total: number } | null {
  const { start, counters, epochs } = progress;
  if (!start || !counters) return null;
  const total = start.config.epochs * counters.stepsPerEpoch;
  const fromSteps = (counters.epoch - 1) * counters.stepsPerEpoch + counters.step;
  const fromEpochs = (epochs.at(-1)?.epoch ?? 0) * counters.stepsPerEpoch;
  return { done: Math.min(total, Math.max(fromSteps, fromEpochs)), total };
}
