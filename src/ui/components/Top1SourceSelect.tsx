/**
 * Which published ImageNet top-1 set places a point whose weights are not known (random init, or a
 * study that does not name its weights). Shared by the study filters and the evidence view.
 */
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../state/store.ts';
import { top1SetLabel } from '../../study/selectors.ts';
import type { Top1Set } from '../../zoo/types.ts';

const TOP1_SETS: readonly Top1Set[] = ['paperEra', 'torchvision', 'timm'];

/** @returns a labelled select bound to the store's top-1 set */
export function Top1SourceSelect() {
  const { top1Set, setTop1Set } = useStore(
    useShallow((s) => ({ top1Set: s.top1Set, setTop1Set: s.setTop1Set })),
  );
  return (
    <label className="field">
      ImageNet top-1 source
      <select value={top1Set} onChange={(e) => setTop1Set(e.target.value as Top1Set)}>
        {TOP1_SETS.map((t) => (
          <option key={t} value={t}>
            {top1SetLabel(t)}
          </option>
        ))}
      </select>
    </label>
  );
}
