/**
 * The run's controls and status: Pause / Resume / Cancel / Stop now, the status line
 * (`data-testid="train-status"`), the backend badge from the worker's 'start' event, counters,
 * images/s and ETA. Selects only the run slices, so the form does not re-render with progress.
 */
import { useShallow } from 'zustand/react/shallow';
import { BackendBadge } from '../lab/BackendBadge.tsx';
import { aboutDuration } from '../../grid/estimate.ts';
import { formatDuration, runFraction, type RunProgress } from './runView.ts';
import { cancelRun, evaluateRunNow, pauseRun, resumeRun, stopNow } from './trainRun.ts';
import { useTrainStore, type RunStatus as Status } from './trainStore.ts';

/**
 * @param status the run status
 * @param paused whether the worker said the run is paused
 * @returns the status line's words (tests look for Running, Paused, Finished, Stopped, Failed)
 */
export function statusText(status: Status, paused: boolean): string {
  switch (status.type) {
    case 'idle':
      return 'No run yet.';
    case 'starting':
      return 'Running: preparing the data and building the model…';
    case 'running':
      return paused ? 'Paused before the next batch.' : 'Running.';
    case 'stopping':
      return status.hard
        ? 'Stopping now: terminating the worker…'
        : 'Running: stopping after the current batch…';
    case 'finished':
      return 'Finished.';
    case 'stopped':
      return 'Stopped.';
    case 'failed':
      return `Failed: ${status.message}`;
  }
}

/** @returns the step/epoch counters, images per second and ETA */
function Counters({ progress }: { readonly progress: RunProgress }) {
  const { start, counters, preparing } = progress;
  if (!start && preparing)
    return (
      <p className="small train-counters" data-testid="train-counters">
        Decoding images into memory: {preparing.done.toLocaleString('en-US')} of{' '}
        {preparing.total.toLocaleString('en-US')}
      </p>
    );
  if (!start) return null;
  const epochs = start.config.epochs;
  return (
    <p className="small train-counters" data-testid="train-counters">
      {counters
        ? `Epoch ${counters.epoch} of ${epochs}, step ${counters.step} of ${counters.stepsPerEpoch} · ${counters.imagesPerSecond.toFixed(1)} images/s · about ${formatDuration(counters.etaMs)} left`
        : `Epoch 1 of ${epochs}: first batch…`}{' '}
      · {start.trainImages.toLocaleString('en-US')} training /{' '}
      {start.validationImages.toLocaleString('en-US')} validation images ·{' '}
      {start.params.toLocaleString('en-US')} trainable parameters
    </p>
  );
}

/**
 * @param props.progress the run view
 * @param props.estimate the run's estimated seconds before it started, if known
 * @returns a progress bar with the share of steps done and the time left: measured once steps
 *   run, the pre-run estimate before
 */
function ProgressBar({
  progress,
  estimate,
}: {
  readonly progress: RunProgress;
  readonly estimate: number | null;
}) {
  const fraction = runFraction(progress);
  const left = progress.counters
    ? `about ${formatDuration(progress.counters.etaMs)} left (measured; evaluations add a little)`
    : estimate !== null
      ? `estimated ${aboutDuration(estimate)} in all (probe rate, before the first step)`
      : 'first steps under way';
  const pct =
    fraction && fraction.total > 0 ? Math.round((100 * fraction.done) / fraction.total) : 0;
  return (
    <div className="train-progress">
      <progress
        max={fraction?.total ?? 1}
        value={fraction?.done ?? 0}
        aria-label="Training progress"
        data-testid="train-progress"
      />
      <span className="small" data-testid="train-eta">
        {pct}% · {left}
      </span>
    </div>
  );
}

/** @returns the run's controls, status line, backend and counters */
export function RunStatusBar() {
  const { status, progress, autoChoice, estimate } = useTrainStore(
    useShallow((s) => ({
      status: s.status,
      progress: s.progress,
      autoChoice: s.autoChoice,
      estimate: s.estimateSeconds,
    })),
  );
  const active = status.type === 'running' || status.type === 'starting';
  const stopping = status.type === 'stopping';
  return (
    <section className="train-run" aria-label="Run">
      <div className="chart-actions">
        {active && !progress.paused && (
          <button type="button" onClick={() => void pauseRun()} disabled={!progress.start}>
            Pause
          </button>
        )}
        {active && progress.paused && (
          <button type="button" onClick={() => void resumeRun()}>
            Resume
          </button>
        )}
        {active && (
          <button type="button" onClick={() => void evaluateRunNow()} disabled={!progress.start}>
            Evaluate now
          </button>
        )}
        {active && (
          <button type="button" onClick={() => void cancelRun()}>
            Cancel
          </button>
        )}
        {(active || (stopping && !status.hard)) && (
          <button type="button" className="danger" onClick={stopNow}>
            Stop now
          </button>
        )}
        {progress.start && <BackendBadge info={progress.start.backendInfo} />}
      </div>
      {(active || stopping) && (
        <p className="small muted">
          Cancel ends the run after the current batch and keeps the epochs done. Stop now terminates
          the worker at once: the run, its model and any model loaded in the worker are lost.
        </p>
      )}
      <p
        className={`train-status${status.type === 'failed' ? ' message error' : ''}`}
        role={status.type === 'failed' ? 'alert' : 'status'}
        data-testid="train-status"
      >
        {statusText(status, progress.paused)}
      </p>
      {autoChoice && (active || stopping) && (
        <p className="small" data-testid="run-backend-choice">
          Backend chosen automatically: {autoChoice.reason}
        </p>
      )}
      {(active || stopping) && <ProgressBar progress={progress} estimate={estimate} />}
      <Counters progress={progress} />
      {progress.evaluation && (
        <p className="small" data-testid="train-evaluation">
          Evaluated on demand after step {progress.evaluation.step} of epoch{' '}
          {progress.evaluation.epoch}: mean validation AUC{' '}
          {progress.evaluation.meanAuc?.toFixed(3) ?? 'undefined (one class only)'}, loss{' '}
          {progress.evaluation.validationLoss.toFixed(4)}
        </p>
      )}
      {progress.notes.map((note) => (
        <p key={note} className="message warning">
          {note}
        </p>
      ))}
    </section>
  );
}
