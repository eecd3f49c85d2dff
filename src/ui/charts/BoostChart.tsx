/**
 * Chart 3: pretraining boost (pretrained − random, same architecture and truncation) against
 * parameters (log axis), with a Wilcoxon signed-rank test of the paired values.
 */
import { useMemo } from 'react';
import { ARCHITECTURES } from '../../study/architectures.ts';
import { boostVsParams } from '../../study/selectors.ts';
import type { BoostPoint, ChartPoint } from '../../study/selectors.ts';
import { wilcoxonSignedRank } from '../../study/stats/index.ts';
import { ChartFrame } from './ChartFrame.tsx';
import {
  POINT_COLUMNS,
  bandsFor,
  legendFor,
  pointCells,
  configCaption,
  statCaption,
  summariesFor,
  reportedWhenEmpty,
} from './chartParts.ts';
import { formatP } from './correlationSummary.ts';
import { EmptyState, emptyReason } from './EmptyState.tsx';
import { fmt, formatParams } from './format.ts';
import { ScatterPlot } from './ScatterPlot.tsx';
import { StatsPanel } from './StatsPanel.tsx';
import type { StudyChartProps } from './Top1Chart.tsx';
import { RunsToggle } from '../runs/RunsToggle.tsx';
import { runsCaption, tableWithRuns, useRunsOverlay } from '../runs/runsChart.tsx';

/**
 * @param props the study and filters (the initialisation filter does not apply)
 * @returns the pretraining boost chart
 */
export function BoostChart(props: StudyChartProps) {
  const { study, filters } = props;
  const runs = useRunsOverlay('boost-vs-params', props);
  const series = useMemo(() => boostVsParams(study, ARCHITECTURES, filters), [study, filters]);
  const summaries = useMemo(() => summariesFor(series.stats), [series]);
  const wilcoxon = useMemo(
    () =>
      series.points.length >= 1
        ? wilcoxonSignedRank(series.paired.pretrained, series.paired.random)
        : null,
    [series],
  );
  const wilcoxonText = wilcoxon
    ? `W = ${fmt(wilcoxon.statistic, 1)}, ${formatP(wilcoxon.p)} (${wilcoxon.method}), n = ${wilcoxon.n} pairs`
    : 'needs at least one pair';
  const reportedOnly = reportedWhenEmpty(study, series.points.length, 'boost-vs-params');
  // Run points come from the same selector, so they are boost points too.
  const rowOf = (p: ChartPoint) => {
    const b = p as BoostPoint;
    return [
      ...pointCells(b),
      b.x,
      b.pretrainedValue.toFixed(4),
      b.randomValue.toFixed(4),
      b.y.toFixed(4),
      b.source,
    ];
  };
  return (
    <ChartFrame
      chartId="boost-vs-params"
      title="Who gains from ImageNet pretraining?"
      caption={[
        `${study.title}. Boost = pretrained − random-init ${study.metric.name} for the same architecture and truncation, paired at the same level of every design factor; x: parameters, log scale.`,
        ...statCaption(summaries).map((l) =>
          l.replace(/^ImageNet-pretrained: /, 'Boost vs log10(parameters): '),
        ),
        `Wilcoxon signed-rank, pretrained vs random: ${wilcoxonText}.`,
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
            reason={emptyReason(
              study,
              'both a pretrained and a random-init result for the same architecture',
            )}
          />
        ) : null
      }
      stats={
        <StatsPanel
          title="Boost vs log10(parameters)"
          summaries={summaries}
          reportedOnly={reportedOnly}
          extra={[{ label: 'Wilcoxon signed-rank (paired)', value: wilcoxonText }]}
        />
      }
      table={tableWithRuns(
        {
          caption: `${study.title}: pretraining boost per architecture`,
          columns: [
            ...POINT_COLUMNS,
            'Parameters',
            'Pretrained',
            'Random init',
            'Boost',
            'Sources',
          ],
          rows: series.points.map(rowOf),
        },
        runs.shown,
        rowOf,
      )}
    >
      <ScatterPlot
        points={series.points}
        xLabel="Parameters (log scale)"
        yLabel="Boost (pretrained − random)"
        xLog
        formatX={formatParams}
        formatY={(y) => y.toFixed(3)}
        runs={runs.shown}
        overlay={{ bands: bandsFor(series.stats, (x) => 10 ** x), arrows: [], lines: [] }}
      />
    </ChartFrame>
  );
}
