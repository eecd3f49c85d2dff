/**
 * The X-ray inference panel: drop PNG, JPEG or DICOM chest X-rays, run 1–3 models in the worker,
 * and read per-finding probabilities, Grad-CAM overlays and out-of-distribution warnings. Images
 * are decoded and run on this machine; nothing here goes into links or exports except the CSV the
 * person saves (no identifying tags). Loaded lazily: the first view never pulls it in.
 */
import './xray.css';
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { BackendBadge } from '../lab/BackendBadge.tsx';
import { ActiveModelLine } from './ActiveModelLine.tsx';
import { ChestModels } from './ChestModels.tsx';
import { DisplayControls } from './DisplayControls.tsx';
import { DropZone } from './DropZone.tsx';
import { ExportCsvButton } from './ExportCsvButton.tsx';
import { ModelPicker } from './ModelPicker.tsx';
import { QueueList } from './QueueList.tsx';
import { ResultCard } from './ResultCard.tsx';
import { SummaryTable } from './SummaryTable.tsx';
import { degenerateModels } from './sanity.ts';
import { useXrayBackend } from './useXrayBackend.ts';
import { useXrayStore } from './xrayStore.ts';

/** @returns the X-ray inference panel */
export function XrayPanel() {
  const backend = useXrayBackend();
  const { items, selected } = useXrayStore(
    useShallow((s) => ({ items: s.items, selected: s.selected })),
  );
  // rerun after each image: a model is judged on every image it has read so far
  const degenerate = useMemo(
    () => degenerateModels(items.flatMap((it) => (it.result ? [it.result] : []))),
    [items],
  );
  return (
    <div className="xray">
      <section className="xray-intro" aria-labelledby="xray-title">
        <h2 id="xray-title">X-ray inference</h2>
        <p className="message xray-privacy" data-testid="privacy-note">
          <strong>Your images never leave this machine.</strong> Files are read and decoded in this
          browser tab and its Web Worker; no image, DICOM header or result is uploaded or put into a
          link. Identifying DICOM tags stay in a collapsed panel and are never exported.
        </p>
        <div className="chart-actions">
          {backend ? (
            <BackendBadge info={backend} />
          ) : (
            <span className="small muted">Starting the worker…</span>
          )}
        </div>
      </section>
      {/* the drop zone first: the catalog is long (8 rows), and a file dropped with no model
          waits in the queue, whose offer loads one */}
      <ActiveModelLine />
      <DropZone disabled={selected.length === 0} />
      <QueueList />
      {items.some((it) => it.result) && (
        <>
          <DisplayControls />
          <ExportCsvButton />
          <SummaryTable />
          <section className="xray-results" aria-label="Results per image">
            {items.map((it) =>
              it.result ? (
                <ResultCard
                  key={it.key}
                  itemKey={it.key}
                  result={it.result}
                  revealed={it.revealed}
                  degenerate={degenerate}
                />
              ) : null,
            )}
          </section>
        </>
      )}
      <ChestModels />
      <ModelPicker />
    </div>
  );
}
