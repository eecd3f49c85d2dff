/**
 * Training curves: the running training loss from step events (at most MAX_STEP_POINTS points)
 * with the validation loss per epoch, and the validation AUC per epoch (mean and per task).
 * Animations are off: the store updates at most every 250 ms and each update draws in one go.
 */
import { memo, useDeferredValue } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Scatter,
  ComposedChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { EpochRecord } from '../../worker/protocol.ts';
import type { StepPoint } from './runView.ts';
import { useTrainStore } from './trainStore.ts';

const TASK_COLOURS = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed'];

/** @returns the loss chart */
const LossChart = memo(function LossChart({
  steps,
  epochs,
}: {
  readonly steps: readonly StepPoint[];
  readonly epochs: readonly EpochRecord[];
}) {
  const validation = epochs.map((r) => ({ x: r.epoch, validationLoss: r.validationLoss }));
  return (
    <section className="chart" aria-label="Loss">
      <h3>Loss</h3>
      <div style={{ width: '100%', height: 240 }}>
        <ResponsiveContainer>
          <ComposedChart margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="x"
              type="number"
              domain={[0, 'dataMax']}
              label={{ value: 'epoch', position: 'bottom' }}
            />
            <YAxis />
            <Tooltip formatter={(v) => Number(v).toFixed(4)} />
            <Legend verticalAlign="top" />
            <Line
              data={[...steps]}
              dataKey="loss"
              name="training loss (running mean)"
              stroke="#2563eb"
              dot={false}
              isAnimationActive={false}
            />
            <Scatter
              data={validation}
              dataKey="validationLoss"
              name="validation loss (end of epoch)"
              fill="#dc2626"
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
});

/** @returns the AUC chart: mean and each task per epoch */
const AucChart = memo(function AucChart({ epochs }: { readonly epochs: readonly EpochRecord[] }) {
  const tasks = epochs[0]?.perTaskAuc.map((t) => t.task) ?? [];
  const rows = epochs.map((r) => {
    const row: Record<string, number | null> = { epoch: r.epoch, mean: r.meanAuc };
    for (const t of r.perTaskAuc) row[t.task] = t.auc;
    return row;
  });
  return (
    <section className="chart" aria-label="Validation AUC">
      <h3>Validation AUC per epoch</h3>
      <div style={{ width: '100%', height: 240 }}>
        <ResponsiveContainer>
          <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="epoch"
              type="number"
              allowDecimals={false}
              domain={[1, 'dataMax']}
              label={{ value: 'epoch', position: 'bottom' }}
            />
            <YAxis domain={[0, 1]} />
            <Tooltip formatter={(v) => (v === null ? 'undefined' : Number(v).toFixed(3))} />
            <Legend verticalAlign="top" />
            <Line
              dataKey="mean"
              name="mean AUC"
              stroke="#111827"
              strokeWidth={3}
              isAnimationActive={false}
            />
            {tasks.map((task, i) => (
              <Line
                key={task}
                dataKey={task}
                stroke={TASK_COLOURS[i % TASK_COLOURS.length] ?? '#2563eb'}
                strokeDasharray="4 2"
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
});

/** @returns both charts, once the run has sent progress */
export function ProgressCharts() {
  // Zustand updates render synchronously; deferring the series moves the chart renders into
  // React's time-sliced background renders, so a progress batch never blocks the main thread
  // for the whole Recharts render.
  const steps = useDeferredValue(useTrainStore((s) => s.progress.steps));
  const epochs = useDeferredValue(useTrainStore((s) => s.progress.epochs));
  if (steps.length === 0 && epochs.length === 0) return null;
  return (
    <div className="train-charts">
      <LossChart steps={steps} epochs={epochs} />
      {epochs.length > 0 && <AucChart epochs={epochs} />}
    </div>
  );
}
