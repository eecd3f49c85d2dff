/**
 * The evidence view's legend: one button per study with data (click to hide or show it; hidden
 * studies leave the charts and the pooling), and the shapes of the initialisation groups.
 */
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../state/store.ts';
import type { Study } from '../../study/types.ts';
import { GROUP_STYLE } from '../charts/familyColors.ts';
import type { StudyStyle } from './studyStyle.ts';

/**
 * @param props studies that have results, and each study's colour and label
 * @returns the legend
 */
export function StudyLegend(props: {
  readonly studies: readonly Study[];
  readonly style: StudyStyle;
}) {
  const { hidden, toggleStudy } = useStore(
    useShallow((s) => ({ hidden: s.hiddenStudies, toggleStudy: s.toggleStudy })),
  );
  return (
    <div className="legend" role="group" aria-label="Studies (click to hide or show)">
      {props.studies.map((s) => (
        <button
          key={s.id}
          type="button"
          className="legend-item"
          aria-pressed={!hidden.includes(s.id)}
          title={`${s.title}. Dataset: ${s.dataset}. Metric: ${s.metric.name}, ${s.metric.averaging}.`}
          onClick={() => toggleStudy(s.id)}
        >
          <span
            className="swatch"
            style={{ background: props.style.colorOf(s.id) }}
            aria-hidden="true"
          />
          {props.style.labelOf(s.id)}
        </button>
      ))}
      <span className="legend-shapes muted">
        {Object.values(GROUP_STYLE)
          .map((g) => `${g.marker} ${g.label}`)
          .join(' · ')}
      </span>
    </div>
  );
}
