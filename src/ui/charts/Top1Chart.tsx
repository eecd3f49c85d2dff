/**
 * Chart 1: ImageNet top-1 (chosen source set) against the study's metric, with a least-squares fit
 * and its 95% band per initialisation, and random → pretrained arrows when both are shown.
 */
import { useMemo } from 'react';
import { ARCHITECTURES } from '../../study/architectures.ts';
import type { ChartFilters, ChartPoint } from '../../study/selectors.ts';
import { top1SetLabel, top1VsMetric } from '../../study/selectors.ts';
import type { Study } from '../../study/types.ts';
import type { Top1Set } from '../../zoo/types.ts';
import { ChartFrame } from './ChartFrame.tsx';
import {
  POINT_COLUMNS,
  bandsFor,
  legendFor,
  metricLabel,
  pointCells,
  statCaption,
  configCaption,
  summariesFor,
  reportedWhenEmpty,
} from './chartParts.ts';
import { EmptyState, emptyReason } from './EmptyState.tsx';
import { ScatterPlot } from './ScatterPlot.tsx';
import { StatsPanel } from './StatsPanel.tsx';
import { RunsToggle } from '../runs/RunsToggle.tsx';
import { runsCaption, tableWithRuns, useRunsOverlay } from '../runs/runsChart.tsx';

/** Props shared by the study charts. */
export interface StudyChartProps {
  readonly study: Study;
  readonly filters: ChartFilters;
  readonly top1Set: Top1Set;
  /** My runs studies to draw beside the study (none when the study is itself My runs). */
  readonly runStudies?: readonly Study[];
}

/**
 * @param props the study, filters and top-1 source set
 * @returns the ImageNet top-1 vs metric chart
 */
export function Top1Chart(props: StudyChartProps) {
  const { study, filters, top1Set } = props;
  const runs = useRunsOverlay('top1-vs-auc', props);
  const series = useMemo(
    () => top1VsMetric(study, ARCHITECTURES, filters, top1Set),
    [study, filters, top1Set],
  );
  const summaries = useMemo(() => summariesFor(series.stats), [series]);
  const xLabel = `ImageNet top-1 % (${top1SetLabel(top1Set)})`;
  const yLabel = metricLabel(study);
  const reportedOnly = reportedWhenEmpty(study, series.points.length, 'top1-vs-auc');
  const rowOf = (p: ChartPoint) => [...pointCells(p), p.x.toFixed(2), p.y.toFixed(4), p.source];
  return (
    <ChartFrame
      chartId="top1-vs-auc"
      title="Does a better ImageNet model make a better chest X-ray model?"
      caption={[
        `${study.title}. x: ${xLabel}; y: ${yLabel}. Dashed line: least-squares fit with 95% confidence band.`,
        ...statCaption(summaries),
        ...configCaption(series.points),
        ...runsCaption(series.points.length, runs.shown),
      ]}
      legend={legendFor(series.points)}
      excluded={[...series.excluded, ...runs.shown.excluded]}
      controls={<RunsToggle overlay={runs.all} />}
      empty={
        series.points.length === 0 && runs.shown.layers.length === 0 ? (
          <EmptyState
            study={study}
            reason={emptyReason(study, `an ImageNet top-1 in the ${top1SetLabel(top1Set)}`)}
          />
        ) : null
      }
      stats={
        <StatsPanel
          title="ImageNet top-1 vs metric"
          summaries={summaries}
          reportedOnly={reportedOnly}
        />
      }
      table={tableWithRuns(
        {
          caption: `${study.title}: ImageNet top-1 and ${study.metric.name} per model`,
          columns: [...POINT_COLUMNS, xLabel, yLabel, 'Source'],
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
        formatX={(x) => x.toFixed(1)}
        formatY={(y) => y.toFixed(3)}
        runs={runs.shown}
        overlay={{
          bands: bandsFor(series.stats),
          arrows: series.arrows.map((a, i) => ({ key: `${a.arch}-${i}`, from: a.from, to: a.to })),
          lines: [],
        }}
      />
    </ChartFrame>
  );
}
