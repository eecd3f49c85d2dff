/**
 * Filters shared by the study charts: initialisation, ImageNet top-1 source set, architectures,
 * and the study's design (which configuration a point stands for).
 */
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../state/store.ts';
import type { Condition } from '../../study/selectors.ts';
import type { Study } from '../../study/types.ts';
import { DesignControls } from '../evidence/DesignControls.tsx';
import { ArchChecklist } from './ArchChecklist.tsx';
import { Top1SourceSelect } from './Top1SourceSelect.tsx';

const CONDITIONS: readonly { value: Condition; label: string }[] = [
  { value: 'pretrained', label: 'Pretrained' },
  { value: 'random', label: 'Random init' },
  { value: 'both', label: 'Both (with arrows)' },
];

/**
 * @param props the study shown and the architectures present in it
 * @returns the filter controls
 */
export function FilterBar({
  study,
  archs,
}: {
  readonly study: Study;
  readonly archs: readonly string[];
}) {
  const s = useStore(
    useShallow((st) => ({
      condition: st.condition,
      setCondition: st.setCondition,
      resetFilters: st.resetFilters,
    })),
  );
  return (
    <div className="filter-bar">
      <fieldset>
        <legend>Initialisation</legend>
        {CONDITIONS.map((c) => (
          <label key={c.value} className="radio">
            <input
              type="radio"
              name="condition"
              value={c.value}
              checked={s.condition === c.value}
              onChange={() => s.setCondition(c.value)}
            />
            {c.label}
          </label>
        ))}
      </fieldset>
      <Top1SourceSelect />
      <ArchChecklist archs={archs} />
      <button type="button" onClick={s.resetFilters}>
        Reset filters
      </button>
      <DesignControls study={study} />
    </div>
  );
}
