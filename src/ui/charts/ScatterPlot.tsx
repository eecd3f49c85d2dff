/**
 * The scatter plot the study charts share: one Recharts series per family and initialisation,
 * point tooltips naming the source, and an overlay for fits, arrows and lines.
 */
import {
  CartesianGrid,
  ErrorBar,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { TooltipContentProps } from 'recharts';
import type { ChartPoint, InitGroup } from '../../study/selectors.ts';
import type { RunsOverlay } from '../../study/runsOverlay.ts';
import { NO_RUNS } from '../../study/runsOverlay.ts';
import { runsElements, runsLayerOf } from '../runs/runsChart.tsx';
import { useStore } from '../../state/store.ts';
import { isArchId } from '../../zoo/catalog.ts';
import { GROUP_STYLE, familyColor } from './familyColors.ts';
import { Overlay } from './Overlay.tsx';
import { logTicks } from './chartParts.ts';
import type { OverlayData } from './Overlay.tsx';

/** Props of the shared scatter plot. */
export interface ScatterPlotProps {
  readonly points: readonly ChartPoint[];
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xLog?: boolean;
  readonly formatX: (x: number) => string;
  readonly formatY: (y: number) => string;
  readonly overlay: OverlayData;
  /** My runs, drawn as their own series (never part of the study's statistics). */
  readonly runs?: RunsOverlay;
}

function PointTooltip(
  props: TooltipContentProps &
    Pick<ScatterPlotProps, 'formatX' | 'formatY' | 'xLabel' | 'yLabel'> & { runs: RunsOverlay },
) {
  const p = props.payload?.[0]?.payload as ChartPoint | undefined;
  if (!props.active || !p) return null;
  const run = runsLayerOf(props.runs, p);
  const yLabel = run?.axis === 'right' ? run.label : props.yLabel;
  return (
    <div className="tooltip">
      {run && <div className="small">★ My runs{run.axis === 'right' ? ' (right axis)' : ''}</div>}
      <strong>{p.label}</strong> ({p.family}, {GROUP_STYLE[p.group].label}
      {p.unitsRemoved > 0 ? `, −${p.unitsRemoved} blocks` : ''})
      <div>
        {props.xLabel}: {props.formatX(p.x)}
      </div>
      <div>
        {yLabel}: {props.formatY(p.y)}
        {p.sd !== null ? ` ± ${p.sd.toFixed(3)} SD` : ''}
        {p.seAcrossLabels !== undefined
          ? ` ± ${p.seAcrossLabels.toFixed(3)} (standard error across the labels, not a spread of this model’s AUC)`
          : ''}
        {p.n !== undefined ? ` (mean of ${p.n} seeds)` : ''}
      </div>
      <div className="small">Source: {p.source}</div>
      <div className="small">x from: {p.xSource}</div>
      {p.flags.length > 0 && <div className="small">Flags: {p.flags.join(', ')}</div>}
      {isArchId(p.arch) && (
        <div className="small muted">Click to open it in the Architecture Lab</div>
      )}
    </div>
  );
}

function groupsOf(points: readonly ChartPoint[]): [string, string, InitGroup, ChartPoint[]][] {
  const map = new Map<string, [string, string, InitGroup, ChartPoint[]]>();
  for (const p of points) {
    const key = `${p.family}|${p.group}`;
    const entry = map.get(key) ?? [key, p.family, p.group, []];
    entry[3].push(p);
    map.set(key, entry);
  }
  return [...map.values()];
}

/**
 * Renders the scatter plot.
 * @param props see ScatterPlotProps
 * @returns a responsive Recharts scatter chart
 */
export function ScatterPlot({
  points,
  xLabel,
  yLabel,
  xLog = false,
  formatX,
  formatY,
  overlay,
  runs = NO_RUNS,
}: ScatterPlotProps) {
  const runXs = runs.layers.flatMap((l) => l.points.map((p) => p.x));
  const log = logTicks([...points.map((p) => p.x), ...runXs]);
  const rightAxis = runs.layers.some((l) => l.axis === 'right');
  const openArchInLab = useStore((s) => s.openArchInLab);
  return (
    <ResponsiveContainer width="100%" height={380}>
      <ScatterChart margin={{ top: 12, right: rightAxis ? 16 : 40, bottom: 36, left: 16 }}>
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
          name={yLabel}
          domain={['auto', 'auto']}
          padding={{ top: 10, bottom: 10 }}
          tickFormatter={formatY}
          width={64}
          label={{ value: yLabel, angle: -90, position: 'insideLeft', offset: 4 }}
        />
        <Tooltip
          content={(p) => (
            <PointTooltip
              {...p}
              formatX={formatX}
              formatY={formatY}
              xLabel={xLabel}
              yLabel={yLabel}
              runs={runs}
            />
          )}
        />
        <Overlay {...overlay} />
        {groupsOf(points).map(([key, family, group, data]) => (
          <Scatter
            key={key}
            name={`${family}, ${GROUP_STYLE[group].label}`}
            data={data}
            fill={familyColor(family)}
            shape={GROUP_STYLE[group].shape}
            isAnimationActive={false}
            cursor="pointer"
            onClick={(entry: { payload?: ChartPoint }) => {
              const p = entry.payload;
              if (p && isArchId(p.arch)) openArchInLab(p.arch, p.unitsRemoved);
            }}
          >
            {/* ±1 SD where the source gives one (e.g. a grid's seeds); points without SD draw none */}
            <ErrorBar dataKey="sd" direction="y" width={4} stroke={familyColor(family)} />
          </Scatter>
        ))}
        {runsElements(runs, formatY)}
      </ScatterChart>
    </ResponsiveContainer>
  );
}
