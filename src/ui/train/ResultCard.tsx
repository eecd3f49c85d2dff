/**
 * The finished (or stopped) run: mean AUC, per-task AUC with positives and negatives (and why an
 * AUC is undefined), epochs done, duration, skipped images, the link to My runs and the model's
 * actions (X-ray panel, save, download).
 */
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../state/store.ts';
import { runsStudyId } from '../../study/runs.ts';
import type { TrainResult } from '../../worker/protocol.ts';
import { ModelActions } from './ModelActions.tsx';
import { formatDuration } from './runView.ts';
import { useTrainStore } from './trainStore.ts';

const auc = (x: number | null): string => (x === null ? 'undefined' : x.toFixed(3));

/** @returns the per-task AUC table */
function AucTable({ result }: { readonly result: TrainResult }) {
  return (
    <table className="data-table" data-testid="train-auc-table">
      <caption>Validation AUC per task (last epoch)</caption>
      <thead>
        <tr>
          <th scope="col">Task</th>
          <th scope="col">AUC</th>
          <th scope="col">Positives</th>
          <th scope="col">Negatives</th>
          <th scope="col">Note</th>
        </tr>
      </thead>
      <tbody>
        {result.perTaskAuc.map((t) => (
          <tr key={t.task}>
            <th scope="row">{t.task}</th>
            <td>{auc(t.auc)}</td>
            <td>{t.positives}</td>
            <td>{t.negatives}</td>
            <td className="small">
              {t.note ?? (t.auc === null ? 'one class only in validation: AUC undefined' : '')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** @returns the skipped images: a count and an expandable list with reasons */
function Skipped({ skipped }: { readonly skipped: TrainResult['skipped'] }) {
  if (skipped.length === 0) return <span data-testid="train-skipped">0</span>;
  return (
    <details data-testid="train-skipped">
      <summary>{skipped.length} images could not be read</summary>
      <ul className="small">
        {skipped.map((s) => (
          <li key={s.path}>
            <code>{s.path}</code>: {s.reason}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** @returns the result card of the last run, or nothing before one ends */
export function ResultCard() {
  const { result, addedRunId, notice } = useTrainStore(
    useShallow((s) => ({ result: s.result, addedRunId: s.addedRunId, notice: s.notice })),
  );
  const openView = useStore((s) => s.openView);
  const selectStudy = useStore((s) => s.selectStudy);
  // The run's own My runs study (one per dataset kind) shows it on every chart; the evidence view
  // shows synthetic runs only where they pair up (truncation), so it is not where to look first.
  const addedKind = useStore((s) => s.runs.find((r) => r.id === addedRunId)?.dataset.kind);
  const openRuns = (): void => {
    if (addedKind !== undefined) selectStudy(runsStudyId(addedKind));
    openView('study');
  };
  if (!result) return null;
  const synthetic = result.config.dataset.kind === 'synthetic';
  return (
    <section className="train-result" aria-label="Result" data-testid="train-result">
      <h3>
        Result{result.stopped ? ' (stopped early)' : ''}
        {synthetic && ' on synthetic phantoms'}
      </h3>
      <dl className="train-facts">
        <dt>Mean AUC</dt>
        <dd data-testid="train-mean-auc">
          {auc(result.meanAuc)}
          {synthetic && ' (synthetic)'}
        </dd>
        <dt>Epochs done</dt>
        <dd>
          {result.epochsDone} of {result.config.epochs}
        </dd>
        <dt>Duration</dt>
        <dd>
          {formatDuration(result.durationMs)} on {result.backend}
        </dd>
        <dt>Skipped images</dt>
        <dd>
          <Skipped skipped={result.skipped} />
        </dd>
      </dl>
      <AucTable result={result} />
      {addedRunId === result.runId && (
        <p className="message" data-testid="train-added">
          Added to My runs.{' '}
          <button type="button" className="link" onClick={openRuns}>
            Open it in My runs
          </button>
        </p>
      )}
      {notice && (
        <p className="message" role="status" data-testid="train-notice">
          {notice}
        </p>
      )}
      {result.modelId ? (
        <ModelActions result={result} />
      ) : (
        <p className="small muted">No epoch finished, so no model was kept.</p>
      )}
    </section>
  );
}
