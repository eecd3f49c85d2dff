/**
 * The study selector: first the evidence view over all studies, then each study grouped by
 * metric (a single study's charts plot its own metric only).
 */
import { useStore } from '../../state/store.ts';
import { ALL_STUDIES_ID } from '../../study/library.ts';
import type { Study } from '../../study/types.ts';

/** Props: every selectable study and the current one (null: the evidence view). */
export interface StudyPickerProps {
  readonly studies: readonly Study[];
  readonly current: Study | null;
}

/** What the evidence view is called in the picker. */
export const ALL_STUDIES_LABEL = 'All chest X-ray studies (evidence view)';

function byMetric(studies: readonly Study[]): [string, Study[]][] {
  const groups = new Map<string, Study[]>();
  for (const s of studies) {
    const label = `${s.metric.name}: ${s.metric.averaging}`;
    groups.set(label, [...(groups.get(label) ?? []), s]);
  }
  return [...groups];
}

/**
 * @param props studies and the current one
 * @returns a labelled select with the study's citation below
 */
export function StudyPicker({ studies, current }: StudyPickerProps) {
  const selectStudy = useStore((s) => s.selectStudy);
  return (
    <div className="study-picker">
      <label htmlFor="study-select">Study</label>
      <select
        id="study-select"
        value={current?.id ?? ALL_STUDIES_ID}
        onChange={(e) => selectStudy(e.target.value)}
      >
        <option value={ALL_STUDIES_ID}>{ALL_STUDIES_LABEL}</option>
        {byMetric(studies).map(([metric, group]) => (
          <optgroup key={metric} label={metric}>
            {group.map((s) => (
              <option key={s.id} value={s.id}>
                {s.kind === 'imported' ? `Imported: ${s.title}` : s.title} ({s.results.length}{' '}
                results)
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      {current && <Citation current={current} />}
    </div>
  );
}

function Citation({ current }: { readonly current: Study }) {
  return (
    <p className="citation">
      {current.citation}
      {current.url && (
        <>
          {' '}
          <a href={current.url} target="_blank" rel="noreferrer">
            source
          </a>
        </>
      )}
      . Dataset: {current.dataset}; split: {current.split}. Metric: {current.metric.name},{' '}
      {current.metric.averaging}.
      {current.flags.length > 0 && ` Flags: ${current.flags.join(', ')}.`}
    </p>
  );
}
