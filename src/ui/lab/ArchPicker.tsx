import { useStore } from '../../state/store.ts';
import { ARCH_IDS, CATALOG, isArchId } from '../../zoo/catalog.ts';

/** @returns a select of the 16 architectures, grouped by family */
export function ArchPicker() {
  const arch = useStore((s) => s.labArch);
  const selectLabArch = useStore((s) => s.selectLabArch);
  const families = [...new Set(ARCH_IDS.map((id) => CATALOG[id].family))];
  return (
    <div className="field">
      <label htmlFor="lab-arch">Architecture</label>
      <select
        id="lab-arch"
        value={arch}
        onChange={(e) => {
          const id = e.currentTarget.value;
          if (isArchId(id)) selectLabArch(id);
        }}
      >
        {families.map((family) => (
          <optgroup key={family} label={family}>
            {ARCH_IDS.filter((id) => CATALOG[id].family === family).map((id) => (
              <option key={id} value={id}>
                {CATALOG[id].label} ({id})
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}
