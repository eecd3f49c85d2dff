/**
 * Cooperative control of a running training loop: the loop calls `gate()` once per batch, which
 * returns at once unless paused, and then waits for `resume()` or `stop()`. Nothing here can
 * interrupt a step half-way; the client's AbortSignal (terminate the worker) is the last resort.
 */

/** Pause/resume/stop flags shared between the API methods and the loop. */
export interface TrainControl {
  readonly stopRequested: boolean;
  readonly paused: boolean;
  /** Ends the run after the current batch (an evaluation of the weights so far follows). */
  stop(): void;
  pause(): void;
  resume(): void;
  /** Asks for a validation pass before the next batch (served even while paused). */
  requestEvaluation(): void;
  /** @returns whether an evaluation was requested since the last call (and clears the request) */
  takeEvaluationRequest(): boolean;
  /**
   * Called by the loop before each batch.
   * @returns after resume, stop or an evaluation request when paused; at once otherwise
   */
  gate(): Promise<void>;
}

/**
 * @param onPauseChange told when the loop actually pauses or resumes
 * @returns a fresh control, running and not stopped
 */
export function createControl(onPauseChange?: (paused: boolean) => void): TrainControl {
  let stopRequested = false;
  let paused = false;
  let evaluationRequested = false;
  let wake: (() => void) | null = null;
  const release = (): void => {
    wake?.();
    wake = null;
  };
  return {
    get stopRequested() {
      return stopRequested;
    },
    get paused() {
      return paused;
    },
    stop() {
      stopRequested = true;
      release();
    },
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      release();
    },
    requestEvaluation() {
      evaluationRequested = true;
      release();
    },
    takeEvaluationRequest() {
      const taken = evaluationRequested;
      evaluationRequested = false;
      return taken;
    },
    async gate() {
      if (!paused || stopRequested || evaluationRequested) return;
      onPauseChange?.(true);
      while (paused && !stopRequested && !evaluationRequested)
        await new Promise<void>((resolve) => (wake = resolve));
      // Woken for an evaluation the run is still paused: the loop comes back here afterwards.
      if (!paused || stopRequested) onPauseChange?.(false);
    },
  };
}
