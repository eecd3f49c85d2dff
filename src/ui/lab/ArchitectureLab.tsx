/**
 * The Architecture Lab: pick one of the 16 architectures, remove final units with a slider and
 * watch parameters, multiply-adds and weight size change (analytic, instant), compare it with up
 * to three others, then measure real inference latency in the worker. Nothing here builds a model
 * on the main thread.
 */
import { useDeferredValue } from 'react';
import { useShallow } from 'zustand/react/shallow';
import './lab.css';
import { useStore } from '../../state/store.ts';
import { CATALOG, type ArchId } from '../../zoo/catalog.ts';
import { ArchPicker } from './ArchPicker.tsx';
import { ChestTruncation } from './ChestTruncation.tsx';
import { DepthSummary } from './DepthSummary.tsx';
import { ImagenetWeightsCard } from '../weights/ImagenetWeightsCard.tsx';
import { LabComparison } from './LabComparison.tsx';
import { LatencyPanel } from './LatencyPanel.tsx';
import { ParamsByDepthChart } from './ParamsByDepthChart.tsx';
import { ReportedTruncation } from './ReportedTruncation.tsx';
import { UnitTableView } from './UnitTableView.tsx';
import { clampUnitsRemoved, labNumbers } from './labNumbers.ts';

/** @returns the lab panel */
export function ArchitectureLab() {
  const { arch, requested, setUnitsRemoved } = useStore(
    useShallow((s) => ({
      arch: s.labArch,
      requested: s.labUnitsRemoved,
      setUnitsRemoved: s.setLabUnitsRemoved,
    })),
  );
  const numbers = labNumbers(arch);
  const unitsRemoved = clampUnitsRemoved(arch, requested);
  // The numbers update in the slider's own render; the chart and the unit table follow in a
  // deferred, interruptible render, so dragging never waits for Recharts.
  const deferredUnitsRemoved = useDeferredValue(unitsRemoved);
  const depth = numbers.depths[unitsRemoved];
  const full = numbers.depths[0];
  if (!depth || !full) return null;
  const meta = CATALOG[arch];
  const maxRemovable = numbers.depths.length - 1;
  return (
    <div className="lab">
      <section className="lab-controls" aria-label="Architecture and truncation">
        <ArchPicker />
        <div className="field lab-slider">
          <label htmlFor="units-removed">
            Units removed: <strong data-testid="units-removed-value">{unitsRemoved}</strong> of{' '}
            {numbers.depths.length} (last kept: <code>{depth.lastUnit}</code>)
          </label>
          <input
            id="units-removed"
            type="range"
            min={0}
            max={maxRemovable}
            step={1}
            value={unitsRemoved}
            onChange={(e) => setUnitsRemoved(Number(e.currentTarget.value))}
          />
        </div>
        <p className="small muted">
          {meta.label} ({meta.family}); input {meta.inputSize}×{meta.inputSize}; a truncated model
          is the stem, the first {depth.unitsKept} units, global average pooling and a new dense
          head with 5 outputs (the CheXpert tasks). Counts are computed from the architecture's
          block table and equal the built TensorFlow.js model (tested for every depth).
        </p>
      </section>
      <DepthSummary depth={depth} full={full} />
      <ReportedTruncation />
      <ParamsByDepthChart arch={arch} unitsRemoved={deferredUnitsRemoved} />
      <LabComparison />
      <LatencyPanel arch={arch} unitsRemoved={unitsRemoved} />
      <ImagenetWeightsCard arch={arch} unitsRemoved={unitsRemoved} />
      <ChestTruncation arch={arch} unitsRemoved={unitsRemoved} />
      <UnitTableView
        table={numbers.table}
        unitsKept={numbers.depths.length - deferredUnitsRemoved}
      />
    </div>
  );
}

/** @returns the id of every architecture, for pickers */
export const LAB_ARCHS = Object.keys(CATALOG) as ArchId[];
