/**
 * The evidence view's scatter, drawn as plain SVG in one render (no measuring pass), so the first
 * screen shows its points at once: colour = study, shape = initialisation, a dashed zero line for
 * the centred axis, lines through truncation depths, and a tooltip that names the study, its
 * dataset and metric, the configuration and the sources. The SVG scales with its container.
 */
import { useState } from 'react';
import type { EvidenceChart, EvidencePoint } from '../../study/evidence.ts';
import type { InitGroup } from '../../study/selectors.ts';
import { GROUP_STYLE } from '../charts/familyColors.ts';
import { tickDigits } from '../charts/format.ts';
import { linearScale, logScale } from './svgScale.ts';

/** Props of the evidence scatter. */
export interface EvidenceScatterProps {
  readonly chart: EvidenceChart;
  readonly colorOf: (studyId: string) => string;
  readonly xLabel: string;
  /** A short y-axis label, e.g. 'AUC − study mean'. */
  readonly yLabel: string;
  readonly xLog: boolean;
  readonly formatX: (x: number) => string;
}

const W = 640;
const H = 360;
const M = { left: 64, right: 16, top: 12, bottom: 48 } as const;

const signed = (v: number, digits = 3): string =>
  v === 0 ? '0' : `${v > 0 ? '+' : '−'}${Math.abs(v).toFixed(digits)}`;

/** A marker of the group's shape, centred on (x, y). */
function Marker(props: { readonly group: InitGroup; readonly x: number; readonly y: number }) {
  const { group, x, y } = props;
  const r = 5;
  if (group === 'random')
    return <path d={`M${x},${y - r - 1} L${x + r + 1},${y + r} L${x - r - 1},${y + r} Z`} />;
  if (group === 'other')
    return <rect x={x - r + 0.5} y={y - r + 0.5} width={2 * r - 1} height={2 * r - 1} />;
  if (group === 'unstated')
    return (
      <path d={`M${x},${y - r - 1} L${x + r + 1},${y} L${x},${y + r + 1} L${x - r - 1},${y} Z`} />
    );
  return <circle cx={x} cy={y} r={r} />;
}

function Tooltip(props: {
  readonly p: EvidencePoint;
  readonly xLabel: string;
  readonly formatX: (x: number) => string;
}) {
  const { p } = props;
  return (
    <div className="tooltip" role="status">
      <strong>{p.label}</strong> ({GROUP_STYLE[p.group].label}
      {p.unitsRemoved > 0 ? `, −${p.unitsRemoved} units` : ''})
      <div className="small">
        {p.studyTitle}. Dataset: {p.dataset}. Metric: {p.metric}.
      </div>
      <div className="small" data-testid="tooltip-paper">
        Paper: {p.paper.label}
      </div>
      {p.config && <div className="small">Configuration: {p.config}</div>}
      <div>
        {props.xLabel}: {props.formatX(p.x)}
      </div>
      <div>
        Value {p.raw.toFixed(3)}
        {p.y !== p.raw ? ` (${signed(p.y)} on this axis)` : ''}
        {p.sd !== null ? ` ± ${p.sd.toFixed(3)} SD` : ''}
        {p.seAcrossLabels !== undefined
          ? ` ± ${p.seAcrossLabels.toFixed(3)} (standard error across the labels, not a spread of this model’s AUC)`
          : ''}
      </div>
      {p.replicates > 1 && (
        <div className="small">
          Mean of {p.replicates} results (true replicates, or levels you chose to average).
        </div>
      )}
      <div className="small">Source: {p.source}</div>
      <div className="small">x from: {p.xSource}</div>
    </div>
  );
}

function Axes(props: {
  readonly x: ReturnType<typeof linearScale>;
  readonly y: ReturnType<typeof linearScale>;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly formatX: (x: number) => string;
}) {
  const { x, y } = props;
  return (
    <g className="axes" fontSize={11} fill="#555">
      {x.ticks.map((t) => (
        <g key={`x${t}`}>
          <line x1={x.map(t)} x2={x.map(t)} y1={M.top} y2={H - M.bottom} stroke="#e3e6ea" />
          <text x={x.map(t)} y={H - M.bottom + 16} textAnchor="middle">
            {props.formatX(t)}
          </text>
        </g>
      ))}
      {y.ticks.map((t) => (
        <g key={`y${t}`}>
          <line x1={M.left} x2={W - M.right} y1={y.map(t)} y2={y.map(t)} stroke="#e3e6ea" />
          <text x={M.left - 6} y={y.map(t) + 4} textAnchor="end">
            {signed(t, tickDigits(y.ticks))}
          </text>
        </g>
      ))}
      <text x={(M.left + W - M.right) / 2} y={H - 8} textAnchor="middle">
        {props.xLabel}
      </text>
      <text
        transform={`translate(14 ${(M.top + H - M.bottom) / 2}) rotate(-90)`}
        textAnchor="middle"
      >
        {props.yLabel}
      </text>
    </g>
  );
}

/**
 * @param props see EvidenceScatterProps
 * @returns an SVG scatter with a hover tooltip
 */
export function EvidenceScatter(props: EvidenceScatterProps) {
  const { chart, colorOf, xLabel, yLabel, xLog, formatX } = props;
  const [hover, setHover] = useState<EvidencePoint | null>(null);
  const xs = chart.points.map((p) => p.x);
  const x = (xLog ? logScale : linearScale)(xs, [M.left + 8, W - M.right - 8]);
  const y = linearScale([0, ...chart.points.map((p) => p.y)], [H - M.bottom, M.top]);
  return (
    <div className="svg-plot" onMouseLeave={() => setHover(null)}>
      <svg
        className="chart-surface"
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        xmlns="http://www.w3.org/2000/svg"
      >
        <Axes x={x} y={y} xLabel={xLabel} yLabel={yLabel} formatX={formatX} />
        <line
          x1={M.left}
          x2={W - M.right}
          y1={y.map(0)}
          y2={y.map(0)}
          stroke="#888"
          strokeDasharray="4 3"
        />
        {chart.lines.map((l, i) => (
          <polyline
            key={i}
            points={l.map((p) => `${x.map(p.x)},${y.map(p.y)}`).join(' ')}
            fill="none"
            stroke={colorOf(l[0]?.studyId ?? '')}
            strokeWidth={1.5}
          />
        ))}
        {chart.points.map((p) => (
          <g
            key={p.id}
            className="evidence-point"
            data-study={p.studyId}
            fill={colorOf(p.studyId)}
            stroke="#fff"
            strokeWidth={0.8}
            onMouseEnter={() => setHover(p)}
          >
            <Marker group={p.group} x={x.map(p.x)} y={y.map(p.y)} />
          </g>
        ))}
      </svg>
      {hover && (
        <div
          className="svg-tooltip"
          style={{
            left: `${(x.map(hover.x) / W) * 100}%`,
            top: `${(y.map(hover.y) / H) * 100}%`,
          }}
        >
          <Tooltip p={hover} xLabel={xLabel} formatX={formatX} />
        </div>
      )}
    </div>
  );
}
