/**
 * A small SVG line chart for the live training curves. Recharts (used for the study charts)
 * re-renders its whole Redux-backed chart in one animation-frame task; at four updates a second
 * that was the longest main-thread task of a run (~100 ms of CPU for 500 points). Live curves
 * need only polylines, dots and two axes, so this draws exactly that: one cheap render per batch.
 */
import { memo } from 'react';

/** One curve; `null` y values leave a gap (e.g. an AUC that is undefined for an epoch). */
export interface LiveSeries {
  readonly key: string;
  readonly name: string;
  readonly color: string;
  readonly points: readonly { readonly x: number; readonly y: number | null }[];
  readonly dashed?: boolean;
  readonly width?: number;
  /** Dots at each point instead of a line (e.g. one validation loss per epoch). */
  readonly dots?: boolean;
}

interface Props {
  readonly title: string;
  readonly series: readonly LiveSeries[];
  readonly xLabel: string;
  /** Fixed y range (e.g. [0, 1] for AUC); otherwise the data's range with a margin. */
  readonly yDomain?: readonly [number, number];
  /** Smallest x shown (the axis starts here even before data arrives). */
  readonly xMin?: number;
  readonly emptyText: string;
}

const W = 560;
const H = 220;
const PAD = { left: 48, right: 12, top: 10, bottom: 34 };

/**
 * @param lo range start
 * @param hi range end
 * @returns three to six round (1, 2 or 5 × 10ⁿ) tick values inside [lo, hi]
 */
export function niceTicks(lo: number, hi: number): number[] {
  const span = hi - lo || 1;
  const raw = span / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  const ticks: number[] = [];
  // Rounding to the step's precision avoids 0.30000000000000004 labels.
  const digits = Math.max(0, -Math.floor(Math.log10(step)));
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step)
    ticks.push(Number(t.toFixed(digits)));
  return ticks;
}

/**
 * @param series the curves
 * @param yDomain a fixed y range, if any
 * @param xMin smallest x
 * @returns the x and y ranges to draw
 */
export function chartDomains(
  series: readonly LiveSeries[],
  yDomain: readonly [number, number] | undefined,
  xMin: number,
): { x: [number, number]; y: [number, number] } {
  const pts = series.flatMap((s) => s.points);
  const xs = pts.map((p) => p.x);
  const ys = pts.flatMap((p) => (p.y === null || !Number.isFinite(p.y) ? [] : [p.y]));
  const xMax = Math.max(xMin + 1, ...xs);
  if (yDomain) return { x: [xMin, xMax], y: [yDomain[0], yDomain[1]] };
  const lo = ys.length ? Math.min(...ys) : 0;
  const hi = ys.length ? Math.max(...ys) : 1;
  const margin = (hi - lo || Math.abs(hi) || 1) * 0.08;
  return { x: [xMin, xMax], y: [Math.max(0, lo - margin), hi + margin] };
}

function pathsOf(s: LiveSeries, px: (x: number) => number, py: (y: number) => number): string[] {
  const runs: string[][] = [[]];
  for (const p of s.points) {
    if (p.y === null || !Number.isFinite(p.y)) runs.push([]);
    else runs.at(-1)?.push(`${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`);
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(' '));
}

/** @returns the chart as an SVG with an HTML legend */
export const LiveLineChart = memo(function LiveLineChart(props: Props) {
  const { title, series, xLabel, yDomain, xMin = 0, emptyText } = props;
  const { x, y } = chartDomains(series, yDomain, xMin);
  const px = (v: number) => PAD.left + ((v - x[0]) / (x[1] - x[0])) * (W - PAD.left - PAD.right);
  const py = (v: number) =>
    H - PAD.bottom - ((v - y[0]) / (y[1] - y[0])) * (H - PAD.top - PAD.bottom);
  const empty = series.every((s) => s.points.length === 0);
  return (
    <section className="chart live-chart" aria-label={title}>
      <h3>{title}</h3>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={`${title} chart`}>
        <g className="live-grid" stroke="#e5e7eb">
          {niceTicks(y[0], y[1]).map((t) => (
            <g key={`y${t}`}>
              <line x1={PAD.left} x2={W - PAD.right} y1={py(t)} y2={py(t)} />
              <text x={PAD.left - 6} y={py(t) + 4} textAnchor="end" fontSize="11" fill="#4b5563">
                {t}
              </text>
            </g>
          ))}
          {niceTicks(x[0], x[1]).map((t) => (
            <text
              key={`x${t}`}
              x={px(t)}
              y={H - PAD.bottom + 15}
              textAnchor="middle"
              fontSize="11"
              fill="#4b5563"
            >
              {t}
            </text>
          ))}
        </g>
        <text
          x={(PAD.left + W - PAD.right) / 2}
          y={H - 4}
          textAnchor="middle"
          fontSize="12"
          fill="#374151"
        >
          {xLabel}
        </text>
        {series.map((s) =>
          s.dots ? (
            <g key={s.key} fill={s.color}>
              {s.points.map((p) =>
                p.y === null ? null : <circle key={p.x} cx={px(p.x)} cy={py(p.y)} r={3.5} />,
              )}
            </g>
          ) : (
            pathsOf(s, px, py).map((points, i) => (
              <polyline
                key={`${s.key}-${i}`}
                points={points}
                fill="none"
                stroke={s.color}
                strokeWidth={s.width ?? 1.5}
                strokeDasharray={s.dashed ? '4 2' : undefined}
              />
            ))
          ),
        )}
        {empty && (
          <text x={W / 2} y={H / 2} textAnchor="middle" fontSize="13" fill="#6b7280">
            {emptyText}
          </text>
        )}
      </svg>
      <ul className="live-legend small">
        {series.map((s) => (
          <li key={s.key}>
            <span className="swatch" style={{ background: s.color }} aria-hidden="true" /> {s.name}
          </li>
        ))}
      </ul>
    </section>
  );
});
