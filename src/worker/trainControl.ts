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
  /**
   * Called by the loop before each batch.
   * @returns after resume (or stop) when paused, at once otherwise
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
    async gate() {
      if (!paused || stopRequested) return;
      onPauseChange?.(true);
      await new Promise<void>((resolve) => (wake = resolve));
      onPauseChange?.(false);
    },
  };
}
