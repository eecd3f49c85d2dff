/**
 * Chart 4: truncation. Parameters (log axis) against the metric, one line per architecture through
 * its truncation depths (full model → most blocks removed).
 */
import { useMemo } from 'react';
import { ARCHITECTURES } from '../../study/architectures.ts';
import { truncationLines } from '../../study/selectors.ts';
import type { ChartPoint, TruncationSeries } from '../../study/selectors.ts';
import { ChartFrame } from './ChartFrame.tsx';
import { POINT_COLUMNS, configCaption, legendFor, metricLabel, pointCells } from './chartParts.ts';
import { EmptyState, emptyReason } from './EmptyState.tsx';
import { familyColor } from './familyColors.ts';
import { fmt, formatParams } from './format.ts';
import { ScatterPlot } from './ScatterPlot.tsx';
import { StatsPanel } from './StatsPanel.tsx';
import type { StudyChartProps } from './Top1Chart.tsx';
import { RunsToggle } from '../runs/RunsToggle.tsx';
import { runsCaption, tableWithRuns, useRunsOverlay } from '../runs/runsChart.tsx';

/**
 * Summarises the computed efficiency of the truncated variants shown.
 * @param eff ratios and metric changes from the selector
 * @returns a sentence, or null when nothing is truncated
 */
function efficiencyText(eff: TruncationSeries['efficiency']): string | null {
  if (eff.length === 0) return null;
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const ratios = eff.map((e) => e.ratio);
  return `mean ${mean(ratios).toFixed(2)}× fewer parameters (range ${Math.min(...ratios).toFixed(2)}× to ${Math.max(...ratios).toFixed(2)}×) over ${eff.length} truncated variant(s); mean change in the metric ${fmt(mean(eff.map((e) => e.delta)), 3)}. How the paper averaged its 3.25× was not recovered, so the two need not match.`;
}

/**
 * @param props the study and filters
 * @returns the truncation chart
 */
export function TruncationChart(props: StudyChartProps) {
  const { study, filters } = props;
  const runs = useRunsOverlay('truncation', props);
  const series = useMemo(() => truncationLines(study, ARCHITECTURES, filters), [study, filters]);
  const points = useMemo(() => series.lines.flatMap((l) => l.points), [series]);
  const yLabel = metricLabel(study);
  const reported = study.reportedStatistics.filter((r) => r.relation === 'truncation-efficiency');
  const efficiency = efficiencyText(series.efficiency);
  const rowOf = (p: ChartPoint) => [...pointCells(p), p.x, p.y.toFixed(4), p.source];
  return (
    <ChartFrame
      chartId="truncation"
      title="Truncating final blocks"
      caption={[
        `${study.title}. Each line joins one architecture's truncation depths (full model to most blocks removed); x: parameters, log scale; y: ${yLabel}.`,
        `${series.lines.length} architecture line(s), ${points.length} models.`,
        ...configCaption(points),
        ...runsCaption(points.length, runs.shown),
      ]}
      legend={legendFor(points)}
      excluded={[...series.excluded, ...runs.shown.excluded]}
      controls={<RunsToggle overlay={runs.all} />}
      empty={
        points.length === 0 && runs.shown.layers.length === 0 ? (
          <EmptyState
            study={study}
            reason={emptyReason(study, 'a truncated variant (units removed > 0)')}
          />
        ) : null
      }
      stats={
        <StatsPanel
          title="Truncation"
          summaries={[]}
          reportedOnly={reported}
          extra={
            efficiency ? [{ label: 'Parameter efficiency (computed here)', value: efficiency }] : []
          }
        />
      }
      table={tableWithRuns(
        {
          caption: `${study.title}: truncation depths`,
          columns: [...POINT_COLUMNS, 'Parameters', yLabel, 'Source'],
          rows: points.map(rowOf),
        },
        runs.shown,
        rowOf,
      )}
    >
      <ScatterPlot
        points={points}
        xLabel="Parameters (log scale)"
        yLabel={study.metric.name}
        xLog
        formatX={formatParams}
        formatY={(y) => y.toFixed(3)}
        runs={runs.shown}
        overlay={{
          bands: [],
          arrows: [],
          lines: series.lines.map((l) => ({
            key: l.key,
            color: familyColor(l.family),
            points: l.points,
          })),
        }}
      />
    </ChartFrame>
  );
}
