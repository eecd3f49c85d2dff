/**
 * The interactive legend: click a family to hide or show it, double-click to show it alone
 * (double-click again to show all). Buttons, so it works from the keyboard too.
 */
import { useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../state/store.ts';
import { GROUP_STYLE, familyColor } from '../charts/familyColors.ts';

/** Delay that tells a single click from the first half of a double-click. */
const DOUBLE_CLICK_MS = 250;

/**
 * @param props the families present in the current study
 * @returns the legend
 */
export function FamilyLegend({ families }: { readonly families: readonly string[] }) {
  const { hidden, toggleFamily, isolateFamily } = useStore(
    useShallow((s) => ({
      hidden: s.hiddenFamilies,
      toggleFamily: s.toggleFamily,
      isolateFamily: s.isolateFamily,
    })),
  );
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const onClick = (family: string, detail: number) => {
    clearTimeout(pending.current);
    if (detail >= 2) {
      isolateFamily(family, families);
      return;
    }
    // detail 0 is a keyboard activation: act at once.
    if (detail === 0) toggleFamily(family);
    else pending.current = setTimeout(() => toggleFamily(family), DOUBLE_CLICK_MS);
  };
  return (
    <div
      className="legend"
      role="group"
      aria-label="Families (click to hide or show, double-click to isolate)"
    >
      {families.map((f) => (
        <button
          key={f}
          type="button"
          className="legend-item"
          aria-pressed={!hidden.includes(f)}
          onClick={(e) => onClick(f, e.detail)}
        >
          <span className="swatch" style={{ background: familyColor(f) }} aria-hidden="true" />
          {f}
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
