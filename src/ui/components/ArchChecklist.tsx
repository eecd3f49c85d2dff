/**
 * The study charts' architecture filter: a disclosure holding one checkbox per architecture,
 * grouped by family, with "all", "none" and "only this family" buttons. Plain checkboxes and
 * buttons, so Tab and Space do everything; no Ctrl-click.
 */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { NO_ARCHS, selectionOf, shownArchs, toggleArch } from '../../state/archSelection.ts';
import { useStore } from '../../state/store.ts';
import { getChartArch } from '../../study/architectures.ts';
import { OTHER_FAMILY } from '../../study/selectors.ts';

/** @returns the architectures grouped by family, families in first-seen order */
function byFamily(archs: readonly string[]): [string, string[]][] {
  const groups = new Map<string, string[]>();
  for (const a of archs) {
    const family = getChartArch(a)?.family ?? OTHER_FAMILY;
    groups.set(family, [...(groups.get(family) ?? []), a]);
  }
  return [...groups];
}

/**
 * @param props the architectures present in the study (chart keys)
 * @returns the checklist
 */
export function ArchChecklist({ archs }: { readonly archs: readonly string[] }) {
  const { selected, setSelectedArchs } = useStore(
    useShallow((s) => ({ selected: s.selectedArchs, setSelectedArchs: s.setSelectedArchs })),
  );
  const groups = useMemo(() => byFamily(archs), [archs]);
  const shown = shownArchs(selected, archs);
  const summary =
    shown.length === archs.length ? `all ${archs.length}` : `${shown.length} of ${archs.length}`;
  return (
    <details className="arch-checklist">
      <summary>Architectures: {summary}</summary>
      <div className="arch-panel" role="group" aria-label="Architectures shown on the charts">
        <div className="arch-quick">
          <button type="button" onClick={() => setSelectedArchs([])}>
            All
          </button>
          <button type="button" onClick={() => setSelectedArchs([NO_ARCHS])}>
            None
          </button>
        </div>
        {groups.map(([family, members]) => (
          <div key={family} className="arch-family" role="group" aria-label={family}>
            <span className="arch-family-name">{family}</span>
            {groups.length > 1 && (
              <button
                type="button"
                className="legend-only"
                aria-label={`Only the ${family} architectures`}
                onClick={() => setSelectedArchs(selectionOf(members, archs))}
              >
                only
              </button>
            )}
            {members.map((a) => (
              <label key={a} className="arch-box">
                <input
                  type="checkbox"
                  checked={shown.includes(a)}
                  onChange={() => setSelectedArchs(toggleArch(selected, archs, a))}
                />
                {getChartArch(a)?.label ?? a}
              </label>
            ))}
          </div>
        ))}
      </div>
    </details>
  );
}
