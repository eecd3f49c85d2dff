/**
 * Training curves: the running training loss from step events (at most MAX_STEP_POINTS points)
 * with the validation loss per epoch, and the validation AUC per epoch (mean and per task). Drawn
 * by LiveLineChart (plain SVG) because the store updates about four times a second mid-run.
 */
import { useDeferredValue, useMemo } from 'react';
import { CHEXPERT_TASKS } from '../../study/types.ts';
import type { EpochRecord } from '../../worker/protocol.ts';
import { LiveLineChart, type LiveSeries } from './LiveLineChart.tsx';
import type { StepPoint } from './runView.ts';
import { useTrainStore } from './trainStore.ts';

const TASK_COLOURS = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed'];

/**
 * @param steps running training loss points (x in epochs)
 * @param epochs epoch records
 * @returns the loss chart's series
 */
export function lossSeries(
  steps: readonly StepPoint[],
  epochs: readonly EpochRecord[],
): LiveSeries[] {
  return [
    {
      key: 'train',
      name: 'training loss (running mean of the epoch)',
      color: '#2563eb',
      points: steps.map((p) => ({ x: p.x, y: p.loss })),
    },
    {
      key: 'validation',
      name: 'validation loss (end of epoch)',
      color: '#dc2626',
      dots: true,
      points: epochs.map((r) => ({ x: r.epoch, y: r.validationLoss })),
    },
  ];
}

/**
 * @param epochs epoch records
 * @returns the AUC chart's series: the mean, then one dashed line per task
 */
export function aucSeries(epochs: readonly EpochRecord[]): LiveSeries[] {
  const perTask = CHEXPERT_TASKS.map((task, i): LiveSeries => ({
    key: task,
    name: task,
    color: TASK_COLOURS[i] ?? '#2563eb',
    dashed: true,
    points: epochs.map((r) => ({
      x: r.epoch,
      y: r.perTaskAuc.find((t) => t.task === task)?.auc ?? null,
    })),
  }));
  const mean: LiveSeries = {
    key: 'mean',
    name: 'mean AUC',
    color: '#111827',
    width: 3,
    points: epochs.map((r) => ({ x: r.epoch, y: r.meanAuc })),
  };
  return [mean, ...perTask];
}

/** @returns both charts (mounted with the panel, empty until the run sends progress) */
export function ProgressCharts() {
  // Deferred: a progress batch re-renders the counters at once and the curves when idle.
  const steps = useDeferredValue(useTrainStore((s) => s.progress.steps));
  const epochs = useDeferredValue(useTrainStore((s) => s.progress.epochs));
  const loss = useMemo(() => lossSeries(steps, epochs), [steps, epochs]);
  const auc = useMemo(() => aucSeries(epochs), [epochs]);
  return (
    <div className="train-charts">
      <LiveLineChart
        title="Loss"
        series={loss}
        xLabel="epoch"
        emptyText="The loss appears with the first batches."
      />
      <LiveLineChart
        title="Validation AUC per epoch"
        series={auc}
        xLabel="epoch"
        xMin={1}
        yDomain={[0, 1]}
        emptyText="AUCs appear after each epoch's evaluation."
      />
    </div>
  );
}
