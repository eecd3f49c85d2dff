/**
 * Drawn inside a Recharts chart with its axis scales: fit lines with their 95% bands, random →
 * pretrained arrows, and connecting lines (truncation depths). Coordinates are data values.
 */
import { useId } from 'react';
import { usePlotArea, useXAxisScale, useYAxisScale } from 'recharts';

/** A polyline or band in data coordinates. */
export interface OverlayData {
  readonly bands: readonly {
    readonly key: string;
    readonly color: string;
    readonly points: readonly { x: number; fit: number; lo: number; hi: number }[];
  }[];
  readonly arrows: readonly { readonly key: string; readonly from: Pt; readonly to: Pt }[];
  readonly lines: readonly {
    readonly key: string;
    readonly color: string;
    readonly points: readonly Pt[];
  }[];
  /** The y axis the data belong to (a secondary axis for My runs); the main one by default. */
  readonly yAxisId?: string | number;
}
type Pt = { readonly x: number; readonly y: number };

/**
 * Renders the overlay; must be a child of a Recharts cartesian chart.
 * @param props bands, arrows and lines in data coordinates
 * @returns SVG elements, or null before the axes exist
 */
export function Overlay({ bands, arrows, lines, yAxisId }: OverlayData) {
  const xs = useXAxisScale();
  const ys = useYAxisScale(yAxisId);
  const area = usePlotArea();
  // Marker and clip ids must be unique per chart: four charts share one document.
  const uid = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  if (!xs || !ys || !area) return null;
  const px = (p: Pt): string => `${xs(p.x) ?? 0},${ys(p.y) ?? 0}`;
  return (
    <g className="overlay" pointerEvents="none" clipPath={`url(#clip-${uid})`}>
      <defs>
        <clipPath id={`clip-${uid}`}>
          <rect x={area.x} y={area.y} width={area.width} height={area.height} />
        </clipPath>
        <marker
          id={`arrow-${uid}`}
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto-start-reverse"
        >
          <path d="M 0 0 L 10 5 L 0 10 z" fill="#555" />
        </marker>
      </defs>
      {bands.map((b) => {
        const upper = b.points.map((p) => px({ x: p.x, y: p.hi }));
        const lower = [...b.points].reverse().map((p) => px({ x: p.x, y: p.lo }));
        return (
          <g key={b.key}>
            <polygon
              points={[...upper, ...lower].join(' ')}
              fill={b.color}
              fillOpacity={0.12}
              stroke="none"
            />
            <polyline
              points={b.points.map((p) => px({ x: p.x, y: p.fit })).join(' ')}
              fill="none"
              stroke={b.color}
              strokeWidth={1.5}
              strokeDasharray="6 3"
            />
          </g>
        );
      })}
      {lines.map((l) => (
        <polyline
          key={l.key}
          points={l.points.map(px).join(' ')}
          fill="none"
          stroke={l.color}
          strokeWidth={1.5}
        />
      ))}
      {arrows.map((a) => (
        <line
          key={a.key}
          className="pair-arrow"
          x1={xs(a.from.x) ?? 0}
          y1={ys(a.from.y) ?? 0}
          x2={xs(a.to.x) ?? 0}
          y2={ys(a.to.y) ?? 0}
          stroke="#555"
          strokeWidth={1}
          markerEnd={`url(#arrow-${uid})`}
        />
      ))}
    </g>
  );
}
