/**
 * Starting and controlling a run from the Train panel. Module-level (not a hook), so a run goes on
 * when the panel unmounts. Progress events go through a 250 ms batcher into the store.
 * Cancel is cooperative (`stopTraining`: the run ends after its current batch and keeps the epochs
 * done); "Stop now" aborts the signal, which terminates the worker: the run and its model are lost.
 */
import { ensureBackend, workerMemory } from '../../client/studyClient.ts';
import {
  evaluateTrainingNow,
  pauseTraining,
  resumeTraining,
  startTraining,
  stopTraining,
} from '../../client/trainingClient.ts';
import type { BackendName, TrainRequest, TrainResult } from '../../worker/protocol.ts';
import { estimateSeconds, runWork } from '../../grid/estimate.ts';
import { chooseAuto, runShapeOf } from './probeChoice.ts';
import { measureBackends, stopProbe, useProbeStore } from './probeStore.ts';
import { createProgressBatcher } from './runView.ts';
import { useTrainStore } from './trainStore.ts';
import type { TrainBackendChoice } from './trainForm.ts';

let abort: AbortController | null = null;

/**
 * @param preferred the backend the run will ask for, if any
 * @returns the worker's tensor count, or null when the worker cannot say
 */
async function tensorCount(preferred?: BackendName): Promise<number | null> {
  try {
    // tfjs can count tensors only once a backend is ready: choose it first (the run keeps it when
    // it can train, so this is not extra work).
    await ensureBackend(preferred);
    return (await workerMemory()).numTensors;
  } catch {
    return null;
  }
}

/**
 * @param error what a run threw
 * @returns the message the status line shows
 */
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Starts a run with a validated request; resolves when it ends (finished, stopped or failed).
 * @param request the validated request
 * @param backend 'auto' or the backend to train on
 * @param onComplete called with a finished (or stopped) result, e.g. to add it to My runs; its
 *   failure is shown, the result stays
 */
export async function startRun(
  request: TrainRequest,
  backend: TrainBackendChoice,
  onComplete: (result: TrainResult) => Promise<void>,
): Promise<void> {
  const store = useTrainStore.getState();
  store.beginRun(null);
  const preferred = await backendFor(backend);
  store.set({ memory: { before: await tensorCount(preferred), after: null } });
  const controller = new AbortController();
  abort = controller;
  const batcher = createProgressBatcher((events) => useTrainStore.getState().applyEvents(events));
  try {
    const result = await startTraining(request, batcher.push, {
      signal: controller.signal,
      ...(preferred ? { backend: preferred } : {}),
    });
    batcher.flush();
    useTrainStore.getState().finishRun(result, { type: result.stopped ? 'stopped' : 'finished' });
    await onComplete(result).catch((error: unknown) =>
      useTrainStore
        .getState()
        .set({ notice: `Could not add the run to My runs: ${messageOf(error)}` }),
    );
  } catch (error) {
    batcher.flush();
    const hard = controller.signal.aborted;
    useTrainStore
      .getState()
      .finishRun(null, hard ? { type: 'stopped' } : { type: 'failed', message: messageOf(error) });
  } finally {
    abort = null;
  }
  // After "Stop now" the worker is gone: asking for its memory would start a new one.
  if (!controller.signal.aborted) await refreshAfterRun();
}

/**
 * @param backend the form's choice
 * @returns the backend to ask for: the form's, or for 'auto' the fastest by the probe's estimate
 *   for this run, from what it measured by now (it runs now if it has not); the choice and its
 *   estimate go to the store
 */
async function backendFor(backend: TrainBackendChoice): Promise<BackendName | undefined> {
  const { form, report, set } = useTrainStore.getState();
  const shape = runShapeOf(form, report);
  // 'auto' waits for the probe's first answer (within 10 s); then any probe still measuring in
  // the background stops, whatever the backend: it would compete with the run for the machine
  if (backend === 'auto') await measureBackends();
  stopProbe('stopped when a run started');
  const probes = useProbeStore.getState().report?.probes ?? [];
  const choice = backend === 'auto' ? chooseAuto(shape, probes) : null;
  const name = choice?.name ?? (backend === 'auto' ? undefined : backend);
  const probe = probes.find((p) => p.name === name && p.ok && p.msPerLayer !== null);
  const seconds =
    shape && probe && probe.msPerLayer !== null
      ? estimateSeconds(runWork(shape), {
          backend: probe.name,
          msPerLayer: probe.msPerLayer,
          flopPerSecond: probe.flopPerSecond,
        })
      : null;
  set({ autoChoice: choice, estimateSeconds: seconds });
  return name;
}

/** Reads the worker's tensor count after a run (compared with the count before). */
async function refreshAfterRun(): Promise<void> {
  const after = await tensorCount();
  const { memory, set } = useTrainStore.getState();
  set({ memory: { before: memory.before, after } });
}

/** Asks for a validation pass before the next batch (an 'evaluation' event follows). */
export async function evaluateRunNow(): Promise<void> {
  await evaluateTrainingNow();
}

/** Pauses before the next batch. */
export async function pauseRun(): Promise<void> {
  await pauseTraining();
}

/** Resumes a paused run. */
export async function resumeRun(): Promise<void> {
  await resumeTraining();
}

/** Cooperative stop: the run ends after the current batch and keeps the epochs done. */
export async function cancelRun(): Promise<void> {
  useTrainStore.getState().setStatus({ type: 'stopping', hard: false });
  await stopTraining();
}

/** Hard stop: terminates the worker (the run and every model in the worker are lost). */
export function stopNow(): void {
  useTrainStore.getState().setStatus({ type: 'stopping', hard: true });
  abort?.abort();
}
