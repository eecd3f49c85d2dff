/**
 * The interactive legend: each click on a family hides or shows it at once (a quick second click
 * undoes the first, nothing waits to tell clicks from double-clicks), and the "only" button beside
 * it shows that family alone (pressed again, it shows every family). Buttons, so it all works from
 * the keyboard too.
 */
import { useShallow } from 'zustand/react/shallow';
import { isIsolated } from '../../state/slices.ts';
import { useStore } from '../../state/store.ts';
import { GROUP_STYLE, familyColor } from '../charts/familyColors.ts';

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
  return (
    <div
      className="legend"
      role="group"
      aria-label="Families (click to hide or show; “only” shows one family alone)"
    >
      {families.map((f) => {
        const alone = families.length > 1 && isIsolated(hidden, f, families);
        return (
          <span key={f} className="legend-chip">
            <button
              type="button"
              className="legend-item"
              aria-pressed={!hidden.includes(f)}
              onClick={() => toggleFamily(f)}
            >
              <span className="swatch" style={{ background: familyColor(f) }} aria-hidden="true" />
              {f}
            </button>
            {families.length > 1 && (
              <button
                type="button"
                className="legend-only"
                aria-label={alone ? `Show all families again` : `Show only ${f}`}
                title={alone ? 'Show every family again' : `Show only ${f}`}
                onClick={() => isolateFamily(f, families)}
              >
                {alone ? 'all' : 'only'}
              </button>
            )}
          </span>
        );
      })}
      <span className="legend-shapes muted">
        {Object.values(GROUP_STYLE)
          .map((g) => `${g.marker} ${g.label}`)
          .join(' · ')}
      </span>
    </div>
  );
}
