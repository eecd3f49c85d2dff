/**
 * The Lab comparison's chart: one line per architecture against the share of its units kept, for
 * parameters, multiply-adds or measured latency (latency only where it was measured).
 */
import { memo } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { CATALOG, type ArchId } from '../../zoo/catalog.ts';
import { OKABE_ITO } from '../charts/palette.ts';
import { formatParams } from '../charts/format.ts';
import { depthSeries, latencyKey, type CompareRow } from './compareNumbers.ts';
import { formatMacs } from './labNumbers.ts';

/** What the chart's y axis shows. */
export type CompareMetric = 'params' | 'macs' | 'latency';

/** Per metric: its name, and how the tooltip and the axis print a value. */
export const METRICS: Record<
  CompareMetric,
  { label: string; format: (v: number) => string; tick: (v: number) => string }
> = {
  params: { label: 'Trainable parameters', format: formatParams, tick: formatParams },
  macs: { label: 'Multiply-adds per image', format: formatMacs, tick: formatMacs },
  latency: {
    label: 'Measured latency (ms, median)',
    format: (v) => `${v.toFixed(1)} ms`,
    tick: (v) => `${v.toFixed(0)} ms`,
  },
};

interface Props {
  readonly archs: readonly ArchId[];
  readonly metric: CompareMetric;
  /** Median latency (ms) by `latencyKey(arch, unitsRemoved)`. */
  readonly latency: ReadonlyMap<string, number>;
}

function points(arch: ArchId, metric: CompareMetric, latency: Props['latency']) {
  const value = (r: CompareRow): number | undefined =>
    metric === 'params'
      ? r.depth.trainable
      : metric === 'macs'
        ? r.depth.macs
        : latency.get(latencyKey(arch, r.depth.unitsRemoved));
  return depthSeries(arch).flatMap((r) => {
    const y = value(r);
    return y === undefined ? [] : [{ x: r.keptPct, y, kept: r.depth.unitsKept, of: r.unitsTotal }];
  });
}

/** @returns the comparison chart */
export const CompareChart = memo(function CompareChart({ archs, metric, latency }: Props) {
  const { format, tick } = METRICS[metric];
  return (
    <div className="compare-chart" style={{ width: '100%', height: 300 }}>
      <ResponsiveContainer>
        <LineChart margin={{ top: 8, right: 16, bottom: 24, left: 16 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="x"
            type="number"
            domain={[0, 100]}
            ticks={[0, 25, 50, 75, 100]}
            unit="%"
            label={{ value: '% of its units kept', position: 'bottom' }}
          />
          <YAxis dataKey="y" width={80} tickFormatter={(v: number) => tick(v)} />
          <Tooltip
            formatter={(v) => format(Number(v))}
            labelFormatter={(x) => `${Number(x).toFixed(0)}% of units kept`}
          />
          <Legend verticalAlign="top" />
          {archs.map((a, i) => (
            <Line
              key={a}
              data={points(a, metric, latency)}
              dataKey="y"
              name={CATALOG[a].label}
              stroke={OKABE_ITO[i % OKABE_ITO.length] ?? '#0072B2'}
              dot={metric === 'latency'}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
});
