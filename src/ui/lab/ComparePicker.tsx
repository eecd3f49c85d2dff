/**
 * Which architectures the Lab compares with its own: one checkbox per zoo architecture, grouped by
 * family, at most three ticked besides the Lab's own; "none" and "its family" buttons. Checkboxes
 * and buttons only, so Tab and Space do everything.
 */
import { useShallow } from 'zustand/react/shallow';
import { MAX_COMPARED } from '../../state/slices.ts';
import { useStore } from '../../state/store.ts';
import { ARCH_IDS, CATALOG, type ArchId } from '../../zoo/catalog.ts';
import { familyOf } from './labNumbers.ts';

const FAMILIES = [...new Set(ARCH_IDS.map((id) => CATALOG[id].family))];

/** @returns the comparison picker */
export function ComparePicker() {
  const { arch, compare, setLabCompare } = useStore(
    useShallow((s) => ({ arch: s.labArch, compare: s.labCompare, setLabCompare: s.setLabCompare })),
  );
  const full = compare.length >= MAX_COMPARED - 1;
  const toggle = (id: ArchId) =>
    setLabCompare(compare.includes(id) ? compare.filter((a) => a !== id) : [...compare, id]);
  const family = CATALOG[arch].family;
  return (
    <div className="compare-picker" role="group" aria-label="Architectures to compare">
      <div className="arch-quick">
        <button type="button" onClick={() => setLabCompare([])} disabled={compare.length === 0}>
          None
        </button>
        <button type="button" onClick={() => setLabCompare(familyOf(arch))}>
          The {family} family
        </button>
        <span className="small muted" role="status">
          {1 + compare.length} of at most {MAX_COMPARED} compared
          {full ? ': untick one to pick another' : ''}
        </span>
      </div>
      {FAMILIES.map((f) => (
        <div key={f} className="arch-family" role="group" aria-label={f}>
          <span className="arch-family-name">{f}</span>
          {ARCH_IDS.filter((id) => CATALOG[id].family === f).map((id) => {
            const own = id === arch;
            const ticked = own || compare.includes(id);
            return (
              <label key={id} className="arch-box">
                <input
                  type="checkbox"
                  checked={ticked}
                  disabled={own || (full && !ticked)}
                  onChange={() => toggle(id)}
                />
                {CATALOG[id].label}
                {own && <span className="small muted"> (in the Lab)</span>}
              </label>
            );
          })}
        </div>
      ))}
    </div>
  );
}
