/**
 * The `<option>`s of an architecture `<select>`: the 16 zoo architectures grouped by family, each
 * labelled with its display name and timm id. Shared by the Lab and the Train panel.
 */
import { ARCH_IDS, CATALOG } from '../../zoo/catalog.ts';

const FAMILIES = [...new Set(ARCH_IDS.map((id) => CATALOG[id].family))];

/** @returns one `<optgroup>` per family */
export function ArchOptions() {
  return FAMILIES.map((family) => (
    <optgroup key={family} label={family}>
      {ARCH_IDS.filter((id) => CATALOG[id].family === family).map((id) => (
        <option key={id} value={id}>
          {CATALOG[id].label} ({id})
        </option>
      ))}
    </optgroup>
  ));
}
