/**
 * Filters shared by the study charts: initialisation, ImageNet top-1 source set, architectures.
 */
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../state/store.ts';
import { getChartArch } from '../../study/architectures.ts';
import type { Condition } from '../../study/selectors.ts';
import { top1SetLabel } from '../../study/selectors.ts';
import type { Top1Set } from '../../zoo/types.ts';

const CONDITIONS: readonly { value: Condition; label: string }[] = [
  { value: 'pretrained', label: 'Pretrained' },
  { value: 'random', label: 'Random init' },
  { value: 'both', label: 'Both (with arrows)' },
];
const TOP1_SETS: readonly Top1Set[] = ['paperEra', 'torchvision', 'timm'];

/**
 * @param props the architectures present in the current study
 * @returns the filter controls
 */
export function FilterBar({ archs }: { readonly archs: readonly string[] }) {
  const s = useStore(
    useShallow((st) => ({
      condition: st.condition,
      top1Set: st.top1Set,
      selected: st.selectedArchs,
      setCondition: st.setCondition,
      setTop1Set: st.setTop1Set,
      setSelectedArchs: st.setSelectedArchs,
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
      <label className="field">
        ImageNet top-1 source
        <select value={s.top1Set} onChange={(e) => s.setTop1Set(e.target.value as Top1Set)}>
          {TOP1_SETS.map((t) => (
            <option key={t} value={t}>
              {top1SetLabel(t)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        Architectures (none selected = all)
        <select
          multiple
          size={Math.min(6, Math.max(2, archs.length))}
          value={s.selected}
          onChange={(e) => s.setSelectedArchs([...e.target.selectedOptions].map((o) => o.value))}
        >
          {archs.map((a) => (
            <option key={a} value={a}>
              {getChartArch(a)?.label ?? a}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={s.resetFilters}>
        Reset filters
      </button>
    </div>
  );
}
