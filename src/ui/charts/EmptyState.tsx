/**
 * What a chart shows when it has nothing honest to draw: why, and what the reader can do.
 */
import { useStore } from '../../state/store.ts';
import type { Study } from '../../study/types.ts';

/** Props: the study, and whether it has results at all (else the filters emptied the chart). */
export interface EmptyStateProps {
  readonly study: Study;
  readonly reason: string;
}

/**
 * @param props the study and the chart-specific reason
 * @returns the empty-state content
 */
export function EmptyState({ study, reason }: EmptyStateProps) {
  const openView = useStore((s) => s.openView);
  const focusImport = () => {
    const el = document.getElementById('import-panel');
    el?.scrollIntoView({ behavior: 'smooth', block: 'center' });
    el?.focus();
  };
  return (
    <>
      <p className="empty-title">No points to draw. {reason}</p>
      {study.results.length === 0 && study.notes[0] && <p>{study.notes[0]}</p>}
      <p>
        <button type="button" onClick={focusImport}>
          Import a results file
        </button>{' '}
        <button type="button" onClick={() => openView('train')}>
          Train your own in the Train tab
        </button>{' '}
        <span className="muted">Finished runs join My runs and show on these charts.</span>
      </p>
    </>
  );
}

/**
 * The reason a chart is empty, in plain words.
 * @param study the study
 * @param what what this chart needs, e.g. "pretrained and random-init results of the same architecture"
 * @returns a sentence
 */
export function emptyReason(study: Study, what: string): string {
  if (study.results.length === 0) {
    return 'This study does not publish per-model results in text, so no point is shown (none is estimated).';
  }
  return `None of the shown results has ${what}; try other filters.`;
}
