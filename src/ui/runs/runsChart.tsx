/**
 * My runs on a study chart: the overlay for the chart (through `src/study/runsOverlay.ts`), the
 * Recharts elements that draw it (stars with a black outline; a right-hand axis when the runs'
 * metric is not the study's), and the extra data-table rows.
 */
import { useMemo } from 'react';
import { Scatter, YAxis } from 'recharts';
import type { ReactElement } from 'react';
import { ARCHITECTURES } from '../../study/architectures.ts';
import type { RunsOverlay } from '../../study/runsOverlay.ts';
import { NO_RUNS, runsOverlay } from '../../study/runsOverlay.ts';
import type { ChartFilters, ChartPoint } from '../../study/selectors.ts';
import type { ChartId, Study } from '../../study/types.ts';
import type { Top1Set } from '../../zoo/types.ts';
import { useStore } from '../../state/store.ts';
import type { TableData } from '../charts/DataTable.tsx';
import { Overlay } from '../charts/Overlay.tsx';

/** The secondary axis id. */
export const RUNS_AXIS = 'runs';
const FILL = { left: '#ffd400', right: '#ffffff' } as const;

/** What a chart needs to compute its My runs overlay. */
export interface RunsChartInput {
  readonly study: Study;
  readonly filters: ChartFilters;
  readonly top1Set: Top1Set;
  readonly runStudies?: readonly Study[];
}

/**
 * The chart's My runs overlay, and the one actually drawn (none while toggled off).
 * @param chart which chart
 * @param input the study, filters and My runs studies
 * @returns every layer (for the toggle) and the shown ones
 */
export function useRunsOverlay(
  chart: ChartId,
  input: RunsChartInput,
): { all: RunsOverlay; shown: RunsOverlay } {
  const { study, filters, top1Set, runStudies = [] } = input;
  const visible = useStore((s) => s.runsVisible);
  const all = useMemo(
    () =>
      runStudies.length === 0
        ? NO_RUNS
        : runsOverlay(chart, study, runStudies, ARCHITECTURES, filters, top1Set),
    [chart, study, runStudies, filters, top1Set],
  );
  return { all, shown: visible ? all : NO_RUNS };
}

/**
 * The Recharts children drawing My runs; call inside a ScatterChart (not a component, because
 * Recharts must see its Scatter and YAxis elements directly).
 * @param runs the shown overlay
 * @param formatY tick format for the right-hand axis
 * @returns axis, series and line elements
 */
export function runsElements(runs: RunsOverlay, formatY: (y: number) => string): ReactElement[] {
  const right = runs.layers.find((l) => l.axis === 'right');
  const axis = right
    ? [
        <YAxis
          key="runs-axis"
          yAxisId={RUNS_AXIS}
          orientation="right"
          type="number"
          dataKey="y"
          domain={['auto', 'auto']}
          padding={{ top: 10, bottom: 10 }}
          tickFormatter={formatY}
          width={64}
          // Centred on the axis: the default anchor for 'insideRight' pushes a rotated label up.
          label={{
            value: right.axisLabel,
            angle: 90,
            position: 'insideRight',
            offset: 4,
            textAnchor: 'middle',
          }}
        />,
      ]
    : [];
  return [
    ...axis,
    ...runs.layers.flatMap((l) => {
      const yAxisId = l.axis === 'right' ? RUNS_AXIS : 0;
      return [
        <Overlay
          key={`runs-lines-${l.studyId}`}
          bands={[]}
          arrows={[]}
          lines={l.lines.map((pts, i) => ({
            key: `${l.studyId}-${i}`,
            color: '#000',
            points: pts,
          }))}
          yAxisId={yAxisId}
        />,
        <Scatter
          key={`runs-${l.studyId}`}
          className="runs-series"
          name={l.label}
          data={[...l.points]}
          yAxisId={yAxisId}
          shape="star"
          fill={FILL[l.axis]}
          stroke="#000"
          strokeWidth={1.2}
          isAnimationActive={false}
        />,
      ];
    }),
  ];
}

/**
 * The My runs layer a point belongs to, if any (for tooltips).
 * @param runs the overlay
 * @param p a hovered point
 * @returns the layer's label and axis, or undefined for a study point
 */
export function runsLayerOf(runs: RunsOverlay, p: ChartPoint) {
  return runs.layers.find((l) => l.points.some((q) => q.id === p.id));
}

/**
 * Adds the runs' rows to a chart's table, with a final "Series" column saying which is which.
 * @param table the study's table
 * @param runs the shown overlay
 * @param rowOf the chart's row for a point
 * @returns the table, unchanged when no run is shown
 */
export function tableWithRuns(
  table: TableData,
  runs: RunsOverlay,
  rowOf: (p: ChartPoint) => (string | number)[],
): TableData {
  if (runs.layers.length === 0) return table;
  const rows = runs.layers.flatMap((l) =>
    l.points.map((p) => [...rowOf(p), l.axis === 'right' ? `${l.label} (right axis)` : l.label]),
  );
  return {
    ...table,
    columns: [...table.columns, 'Series'],
    rows: [...table.rows.map((r) => [...r, 'study']), ...rows],
  };
}

/**
 * Caption lines about My runs on a chart (they also go into exported images).
 * @param studyPoints how many of the study's own points the chart draws
 * @param runs the shown overlay
 * @returns nothing when no run is drawn
 */
export function runsCaption(studyPoints: number, runs: RunsOverlay): string[] {
  if (runs.layers.length === 0) return [];
  const parts = runs.layers.map(
    (l) =>
      `${l.points.length} point(s)${l.axis === 'right' ? ` against the right-hand axis (${l.label})` : ''}`,
  );
  return [
    `★ My runs: ${parts.join('; ')}. They are not part of this chart’s statistics.`,
    ...(studyPoints === 0 ? ['This study itself has no point on this chart.'] : []),
  ];
}
