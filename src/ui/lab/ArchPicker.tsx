import { useStore } from '../../state/store.ts';
import { isArchId } from '../../zoo/catalog.ts';
import { ArchOptions } from '../components/ArchOptions.tsx';

/** @returns a select of the 16 architectures, grouped by family */
export function ArchPicker() {
  const arch = useStore((s) => s.labArch);
  const selectLabArch = useStore((s) => s.selectLabArch);
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
        <ArchOptions />
      </select>
    </div>
  );
}
