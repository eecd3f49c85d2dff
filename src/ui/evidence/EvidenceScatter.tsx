/**
 * The evidence view's scatter: one Recharts series per study and initialisation (colour = study,
 * shape = initialisation), a zero line for the centred axis, lines through truncation depths, and
 * a tooltip that names the study, its dataset and metric, the configuration and the sources.
 */
import {
  CartesianGrid,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { TooltipContentProps } from 'recharts';
import type { EvidenceChart, EvidencePoint } from '../../study/evidence.ts';
import { GROUP_STYLE } from '../charts/familyColors.ts';
import { logTicks } from '../charts/chartParts.ts';
import { Overlay } from '../charts/Overlay.tsx';

/** Props of the evidence scatter. */
export interface EvidenceScatterProps {
  readonly chart: EvidenceChart;
  readonly colorOf: (studyId: string) => string;
  readonly xLabel: string;
  readonly xLog: boolean;
  readonly formatX: (x: number) => string;
}

const signed = (v: number): string => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(3)}`;

function PointTooltip(
  props: TooltipContentProps & { xLabel: string; formatX: (x: number) => string },
) {
  const p = props.payload?.[0]?.payload as EvidencePoint | undefined;
  if (!props.active || !p) return null;
  return (
    <div className="tooltip">
      <strong>{p.label}</strong> ({GROUP_STYLE[p.group].label}
      {p.unitsRemoved > 0 ? `, −${p.unitsRemoved} units` : ''})
      <div className="small">
        {p.studyTitle}. Dataset: {p.dataset}. Metric: {p.metric}.
      </div>
      {p.config && <div className="small">Configuration: {p.config}</div>}
      <div>
        {props.xLabel}: {props.formatX(p.x)}
      </div>
      <div>
        Value {p.raw.toFixed(3)}
        {p.y !== p.raw ? ` (${signed(p.y)} on this axis)` : ''}
        {p.sd !== null ? ` ± ${p.sd.toFixed(3)} SD` : ''}
      </div>
      {p.replicates > 1 && <div className="small">Mean of {p.replicates} results.</div>}
      <div className="small">Source: {p.source}</div>
      <div className="small">x from: {p.xSource}</div>
    </div>
  );
}

function seriesOf(points: readonly EvidencePoint[]): [string, EvidencePoint[]][] {
  const map = new Map<string, EvidencePoint[]>();
  for (const p of points) {
    const key = `${p.studyId}|${p.group}`;
    map.set(key, [...(map.get(key) ?? []), p]);
  }
  return [...map];
}

/**
 * @param props see EvidenceScatterProps
 * @returns a responsive scatter chart
 */
export function EvidenceScatter({ chart, colorOf, xLabel, xLog, formatX }: EvidenceScatterProps) {
  const log = logTicks(chart.points.map((p) => p.x));
  return (
    <ResponsiveContainer width="100%" height={360}>
      <ScatterChart margin={{ top: 12, right: 24, bottom: 36, left: 16 }}>
        <CartesianGrid stroke="#e3e6ea" />
        <XAxis
          type="number"
          dataKey="x"
          name={xLabel}
          scale={xLog ? 'log' : 'auto'}
          domain={xLog ? log.domain : ['auto', 'auto']}
          {...(xLog ? { ticks: log.ticks } : {})}
          padding={{ left: 12, right: 12 }}
          tickFormatter={formatX}
          label={{ value: xLabel, position: 'insideBottom', offset: -24 }}
        />
        <YAxis
          type="number"
          dataKey="y"
          domain={['auto', 'auto']}
          padding={{ top: 10, bottom: 10 }}
          tickFormatter={(y: number) => signed(y)}
          width={64}
        />
        <ReferenceLine y={0} stroke="#888" strokeDasharray="4 3" />
        <Tooltip content={(p) => <PointTooltip {...p} xLabel={xLabel} formatX={formatX} />} />
        <Overlay
          bands={[]}
          arrows={[]}
          lines={chart.lines.map((l, i) => ({
            key: `${l[0]?.studyId ?? ''}-${i}`,
            color: colorOf(l[0]?.studyId ?? ''),
            points: l,
          }))}
        />
        {seriesOf(chart.points).map(([key, data]) => {
          const first = data[0];
          if (!first) return null;
          return (
            <Scatter
              key={key}
              name={`${first.studyTitle}, ${GROUP_STYLE[first.group].label}`}
              data={data}
              fill={colorOf(first.studyId)}
              shape={GROUP_STYLE[first.group].shape}
              isAnimationActive={false}
            />
          );
        })}
      </ScatterChart>
    </ResponsiveContainer>
  );
}
