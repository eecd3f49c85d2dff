/**
 * The app shell: header with the link bar, the view tabs, and the open view. The Study Explorer is
 * the first view; the other panels are filled by their own modules.
 */
import { Suspense, lazy } from 'react';
import type { ComponentType } from 'react';
import type { View } from '../state/store.ts';
import { useStore } from '../state/store.ts';
import { LinkBar } from './components/LinkBar.tsx';
import { StudyExplorer } from './components/StudyExplorer.tsx';
import { TabBar } from './components/TabBar.tsx';

// The lab loads on first use, keeping the first view (the study charts) small.
const LabPanel = lazy(() =>
  import('./lab/ArchitectureLab.tsx').then((m) => ({ default: m.ArchitectureLab })),
);
// The Train panel loads on first use too (forms, charts, the worker client).
const TrainPanel = lazy(() =>
  import('./train/TrainPanel.tsx').then((m) => ({ default: m.TrainPanel })),
);
// The X-ray panel loads on first use too (decoders, canvas drawing, the worker client).
const XrayPanel = lazy(() =>
  import('./xray/XrayPanel.tsx').then((m) => ({ default: m.XrayPanel })),
);

/** One component per view: the slot each panel's module fills. */
const PANELS: Record<View, ComponentType> = {
  study: StudyExplorer,
  lab: LabPanel,
  train: TrainPanel,
  xray: XrayPanel,
};

/** @returns the application */
export function App() {
  const view = useStore((s) => s.view);
  const Panel = PANELS[view];
  return (
    <div className="app">
      <header className="app-header">
        <div>
          <h1>CheXtransfer Explorer</h1>
          <p className="tagline">Does a better ImageNet model make a better chest X-ray model?</p>
        </div>
        <LinkBar />
      </header>
      <TabBar />
      <main id={`panel-${view}`} role="tabpanel" aria-labelledby={`tab-${view}`}>
        <Suspense fallback={<p className="muted">Loading…</p>}>
          <Panel />
        </Suspense>
      </main>
      <footer className="app-footer small muted">
        Numbers come from the cited sources or are computed in your browser from the data shown.
        Nothing is digitised from figures.
      </footer>
    </div>
  );
}
