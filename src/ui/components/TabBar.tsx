/**
 * The top-level views as an ARIA tab list (arrow keys move between tabs).
 */
import type { KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { View } from '../../state/store.ts';
import { VIEWS, useStore } from '../../state/store.ts';

/** Tab labels, in VIEWS order. */
export const VIEW_LABELS: Record<View, string> = {
  study: 'Study Explorer',
  lab: 'Architecture Lab',
  train: 'Train',
  xray: 'X-ray inference',
};

/** @returns the tab bar */
export function TabBar() {
  const { view, openView } = useStore(useShallow((s) => ({ view: s.view, openView: s.openView })));
  const onKey = (e: KeyboardEvent) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    const next = VIEWS[(VIEWS.indexOf(view) + step + VIEWS.length) % VIEWS.length] ?? 'study';
    openView(next);
    document.getElementById(`tab-${next}`)?.focus();
  };
  return (
    <nav className="tabs" role="tablist" aria-label="Views" onKeyDown={onKey}>
      {VIEWS.map((v) => (
        <button
          key={v}
          id={`tab-${v}`}
          type="button"
          role="tab"
          aria-selected={view === v}
          aria-controls={`panel-${v}`}
          tabIndex={view === v ? 0 : -1}
          onClick={() => openView(v)}
        >
          {VIEW_LABELS[v]}
        </button>
      ))}
    </nav>
  );
}
