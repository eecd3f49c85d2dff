import { memo, useState } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { CATALOG, type ArchId } from '../../zoo/catalog.ts';
import { formatParams } from '../charts/format.ts';
import { familyOf, labNumbers } from './labNumbers.ts';

interface Props {
  readonly arch: ArchId;
  readonly unitsRemoved: number;
}

const PALETTE = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2'];

/** Rows keyed by units kept, one column per architecture shown (Recharts wants one data array). */
function chartRows(archs: readonly ArchId[]): Record<string, number>[] {
  const longest = Math.max(...archs.map((a) => labNumbers(a).depths.length));
  return Array.from({ length: longest }, (_, i) => {
    const row: Record<string, number> = { kept: i + 1 };
    for (const a of archs) {
      const depths = labNumbers(a).depths;
      const depth = depths[depths.length - 1 - i];
      if (depth) row[a] = depth.trainable;
    }
    return row;
  });
}

/** @returns parameters vs units kept for this architecture and, optionally, its family */
export const ParamsByDepthChart = memo(function ParamsByDepthChart({ arch, unitsRemoved }: Props) {
  const [withFamily, setWithFamily] = useState(false);
  const archs = withFamily ? familyOf(arch) : [arch];
  const kept = labNumbers(arch).depths.length - unitsRemoved;
  return (
    <section className="chart" aria-label="Parameters against units kept">
      <div className="chart-head">
        <h3>Parameters vs units kept</h3>
        <label className="small">
          <input
            type="checkbox"
            checked={withFamily}
            onChange={(e) => setWithFamily(e.currentTarget.checked)}
          />{' '}
          Show the {CATALOG[arch].family} family
        </label>
      </div>
      <div style={{ width: '100%', height: 280 }}>
        <ResponsiveContainer>
          <LineChart data={chartRows(archs)} margin={{ top: 8, right: 16, bottom: 24, left: 16 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="kept"
              type="number"
              domain={[1, 'dataMax']}
              allowDecimals={false}
              label={{ value: 'units kept', position: 'bottom' }}
            />
            <YAxis tickFormatter={(v: number) => `${(v / 1e6).toFixed(0)}M`} />
            <Tooltip
              formatter={(v) => formatParams(Number(v))}
              labelFormatter={(k) => `${String(k)} units kept`}
            />
            <Legend verticalAlign="top" />
            <ReferenceLine x={kept} stroke="#111827" strokeDasharray="4 2" />
            {archs.map((a, i) => (
              <Line
                key={a}
                dataKey={a}
                name={CATALOG[a].label}
                stroke={PALETTE[i % PALETTE.length] ?? '#2563eb'}
                dot={false}
                isAnimationActive={false}
                connectNulls
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <p className="small muted">
        Trainable parameters with a 5-output head, computed from each block table. The dashed line
        marks the current depth.
      </p>
    </section>
  );
});
