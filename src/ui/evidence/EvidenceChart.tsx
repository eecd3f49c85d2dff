/**
 * One question of the evidence view: the cross-study scatter with the forest plot beside it,
 * a caption saying what the axes are, the points left off (with their study), a data table and
 * the export buttons of every study chart.
 */
import { plural } from '../../study/papers.ts';
import { top1SetLabel } from '../../study/selectors.ts';
import type { EvidenceChart as Chart, EvidenceInput, EvidencePoint } from '../../study/evidence.ts';
import type { ChartId } from '../../study/types.ts';
import { ChartFrame } from '../charts/ChartFrame.tsx';
import { GROUP_STYLE } from '../charts/familyColors.ts';
import { formatParams } from '../charts/format.ts';
import { EvidenceScatter } from './EvidenceScatter.tsx';
import { ForestPlot } from './ForestPlot.tsx';
import { TRUNCATION_LINE, TruncationHint } from './TruncationHint.tsx';
import type { StudyStyle } from './studyStyle.ts';

const TITLE: Record<ChartId, string> = {
  // The question itself heads the page (EvidenceAnswer); the chart says what it plots.
  'top1-vs-auc': 'ImageNet top-1 against chest X-ray AUC, every study',
  'params-vs-auc': 'Do bigger models do better?',
  'boost-vs-params': 'Who gains most from ImageNet pretraining?',
  truncation: 'Can final blocks be removed without losing AUC?',
};

const Y_SHORT: Record<ChartId, string> = {
  'top1-vs-auc': 'AUC − study mean',
  'params-vs-auc': 'AUC − study mean',
  'boost-vs-params': 'AUC gain from pretraining',
  truncation: 'AUC change from full model',
};

function xAxis(question: ChartId, input: EvidenceInput) {
  if (question === 'top1-vs-auc')
    return {
      label: 'ImageNet top-1 % of the weights used',
      log: false,
      format: (x: number) => x.toFixed(1),
      note: `x: the ImageNet top-1 of the weights each study used where it names them; otherwise (random init, weights not named) the ${top1SetLabel(input.top1Set)}.`,
    };
  return {
    label: 'Parameters (log scale)',
    log: true,
    format: formatParams,
    note: 'x: parameters with a 1000-class head (log scale); statistics use log10(parameters).',
  };
}

function tableOf(chart: Chart, xLabel: string, style: StudyStyle) {
  return {
    caption: `${TITLE[chart.question]} Every point, by study`,
    columns: [
      'Study',
      'Model',
      'Initialisation',
      'Configuration',
      xLabel,
      'Value',
      chart.yLabel,
      'Source',
    ],
    rows: chart.points.map((p: EvidencePoint) => [
      style.labelOf(p.studyId),
      p.label,
      GROUP_STYLE[p.group].label,
      p.config,
      p.x.toFixed(2),
      p.raw.toFixed(4),
      p.y.toFixed(4),
      p.source,
    ]),
  };
}

function captionOf(chart: Chart, note: string): string[] {
  const averaged = chart.points.filter((p) => p.replicates > 1).length;
  if (chart.question === 'truncation')
    return [
      `${chart.points.length} points in ${chart.lines.length} line(s): each line joins one architecture’s depths in one study (My runs included).`,
      `y: ${chart.yLabel}; x: parameters of the truncated model (log scale).`,
      // When the chart is empty its empty state already says this.
      ...(chart.points.length > 0 ? [TRUNCATION_LINE] : []),
    ];
  return [
    `${plural(chart.points.length, 'point')} from ${plural(chart.studyIds.length, 'study', 'studies')} in ${plural(chart.papers.length, 'paper')}: one per architecture, initialisation and configuration${averaged > 0 ? `; ${averaged} of them average true replicates of one model (hover for the values)` : ''}. Studies of one paper count as one paper in every pooled row.`,
    `y: ${chart.yLabel}. The studies use different datasets and metrics (see each point), so raw AUCs never share this axis.`,
    note,
    'Colour: study (legend above); shape: ● ImageNet-pretrained, ▲ random init, ■ other pretraining (in no statistic here), ◆ initialisation not stated (in no statistic).',
  ];
}

/**
 * @param props the shaped chart, the evidence input and the study style
 * @returns the chart section with its forest plot
 */
export function EvidenceChart(props: {
  readonly chart: Chart;
  readonly input: EvidenceInput;
  readonly style: StudyStyle;
}) {
  const { chart, input, style } = props;
  const question = chart.question;
  const x = xAxis(question, input);
  return (
    <ChartFrame
      chartId={question}
      title={TITLE[question]}
      caption={captionOf(chart, x.note)}
      legend={chart.studyIds.map((id) => ({ label: style.labelOf(id), color: style.colorOf(id) }))}
      table={tableOf(chart, x.label, style)}
      excluded={chart.excluded.map((e) => ({
        arch: `${style.labelOf(e.studyId)}: ${e.arch}`,
        reason: e.reason,
      }))}
      empty={
        chart.points.length > 0 ? null : question === 'truncation' ? (
          <TruncationHint />
        ) : (
          <p className="empty-title">
            No points: every study with data for this question is hidden (see the legend above).
          </p>
        )
      }
      aside={
        chart.sections.length > 0 ? (
          <ForestPlot question={question} sections={chart.sections} style={style} />
        ) : null
      }
      stats={null}
    >
      <EvidenceScatter
        chart={chart}
        colorOf={style.colorOf}
        xLabel={x.label}
        yLabel={Y_SHORT[question]}
        xLog={x.log}
        formatX={x.format}
      />
    </ChartFrame>
  );
}
