/**
 * Chart 2: parameters (log axis) against the study's metric, fits on log10(parameters).
 */
import { useMemo } from 'react';
import { ARCHITECTURES } from '../../study/architectures.ts';
import { paramsVsMetric } from '../../study/selectors.ts';
import type { ChartPoint } from '../../study/selectors.ts';
import { ChartFrame } from './ChartFrame.tsx';
import {
  POINT_COLUMNS,
  bandsFor,
  legendFor,
  metricLabel,
  pointCells,
  configCaption,
  statCaption,
  summariesFor,
  reportedWhenEmpty,
} from './chartParts.ts';
import { EmptyState, emptyReason } from './EmptyState.tsx';
import { formatParams } from './format.ts';
import { ScatterPlot } from './ScatterPlot.tsx';
import { StatsPanel } from './StatsPanel.tsx';
import type { StudyChartProps } from './Top1Chart.tsx';
import { RunsToggle } from '../runs/RunsToggle.tsx';
import { runsCaption, tableWithRuns, useRunsOverlay } from '../runs/runsChart.tsx';

/**
 * @param props the study and filters
 * @returns the parameters vs metric chart
 */
export function ParamsChart(props: StudyChartProps) {
  const { study, filters } = props;
  const runs = useRunsOverlay('params-vs-auc', props);
  const series = useMemo(() => paramsVsMetric(study, ARCHITECTURES, filters), [study, filters]);
  const summaries = useMemo(() => summariesFor(series.stats), [series]);
  const xLabel = 'Parameters (log scale)';
  const yLabel = metricLabel(study);
  const reportedOnly = reportedWhenEmpty(study, series.points.length, 'logparams-vs-auc');
  const rowOf = (p: ChartPoint) => [...pointCells(p), p.x, p.y.toFixed(4), p.source];
  return (
    <ChartFrame
      chartId="params-vs-auc"
      title="Model size and chest X-ray performance"
      caption={[
        `${study.title}. x: parameters (1000-class head unless the source states otherwise), log scale; y: ${yLabel}. Fit on log10(parameters).`,
        ...statCaption(summaries),
        ...configCaption(series.points),
        ...runsCaption(series.points.length, runs.shown),
      ]}
      legend={legendFor(series.points)}
      excluded={[...series.excluded, ...runs.shown.excluded]}
      controls={<RunsToggle overlay={runs.all} />}
      empty={
        series.points.length === 0 && runs.shown.layers.length === 0 ? (
          <EmptyState study={study} reason={emptyReason(study, 'a known parameter count')} />
        ) : null
      }
      stats={
        <StatsPanel
          title="log10(parameters) vs metric"
          summaries={summaries}
          reportedOnly={reportedOnly}
        />
      }
      table={tableWithRuns(
        {
          caption: `${study.title}: parameters and ${study.metric.name} per model`,
          columns: [...POINT_COLUMNS, 'Parameters', yLabel, 'Source'],
          rows: series.points.map(rowOf),
        },
        runs.shown,
        rowOf,
      )}
    >
      <ScatterPlot
        points={series.points}
        xLabel={xLabel}
        yLabel={study.metric.name}
        xLog
        formatX={formatParams}
        formatY={(y) => y.toFixed(3)}
        runs={runs.shown}
        overlay={{
          bands: bandsFor(series.stats, (x) => 10 ** x),
          arrows: series.arrows.map((a, i) => ({ key: `${a.arch}-${i}`, from: a.from, to: a.to })),
          lines: [],
        }}
      />
    </ChartFrame>
  );
}
