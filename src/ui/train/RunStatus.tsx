/**
 * The run's controls and status: Pause / Resume / Cancel / Stop now, the status line
 * (`data-testid="train-status"`), the backend badge from the worker's 'start' event, counters,
 * images/s and ETA. Selects only the run slices, so the form does not re-render with progress.
 */
import { useShallow } from 'zustand/react/shallow';
import { BackendBadge } from '../lab/BackendBadge.tsx';
import { formatDuration, type RunProgress } from './runView.ts';
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

/** @returns the run's controls, status line, backend and counters */
export function RunStatusBar() {
  const { status, progress } = useTrainStore(
    useShallow((s) => ({ status: s.status, progress: s.progress })),
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
