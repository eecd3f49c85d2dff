/**
 * The frame every study chart shares: an anchored section with title, the chart (or an empty
 * state saying why there is nothing to draw), caption, statistics, exclusions, a table view and
 * export buttons (SVG, PNG, CSV).
 */
import { useId, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { Exclusion } from '../../study/selectors.ts';
import type { ChartId } from '../../study/types.ts';
import { DataTable } from './DataTable.tsx';
import type { TableData } from './DataTable.tsx';
import type { ExportText } from './exportChart.ts';
import { buildStandaloneSvg, download, svgToPng, tableToCsv } from './exportChart.ts';

/** Props of the chart frame. */
export interface ChartFrameProps {
  readonly chartId: ChartId;
  readonly title: string;
  /** Caption lines under the chart (also written into exported images). */
  readonly caption: readonly string[];
  readonly legend: ExportText['legend'];
  readonly table: TableData;
  readonly excluded: readonly Exclusion[];
  /** When set, shown instead of the chart. */
  readonly empty: ReactNode | null;
  readonly controls?: ReactNode;
  readonly stats: ReactNode;
  /** Shown beside the plot on wide screens (the evidence view's forest plot). */
  readonly aside?: ReactNode;
  readonly children: ReactNode;
}

/**
 * @param chartId a chart id
 * @returns the DOM id of its section (the target of finding links)
 */
export const chartAnchor = (chartId: ChartId): string => `chart-${chartId}`;

/**
 * Frames one chart.
 * @param props see ChartFrameProps
 * @returns the chart section
 */
export function ChartFrame(props: ChartFrameProps) {
  const { chartId, title, caption, legend, table, excluded, empty } = props;
  const [showTable, setShowTable] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  const plotRef = useRef<HTMLDivElement>(null);
  const tableId = useId();
  const fileBase = `chextransfer-${chartId}`;

  const svgMarkup = (): string | null => {
    const svg = plotRef.current?.querySelector<SVGSVGElement>(
      'svg.recharts-surface, svg.chart-surface',
    );
    return svg ? buildStandaloneSvg(svg, { title, caption, legend }) : null;
  };
  const exportSvg = () => {
    const markup = svgMarkup();
    if (markup) download(new Blob([markup], { type: 'image/svg+xml' }), `${fileBase}.svg`);
  };
  const exportPng = () => {
    const markup = svgMarkup();
    if (!markup) return;
    svgToPng(markup)
      .then((blob) => download(blob, `${fileBase}.png`))
      .catch((e: unknown) => setExportError(e instanceof Error ? e.message : String(e)));
  };
  const exportCsv = () =>
    download(
      new Blob([tableToCsv(table.columns, table.rows)], { type: 'text/csv' }),
      `${fileBase}.csv`,
    );

  return (
    <section
      id={chartAnchor(chartId)}
      className="chart"
      tabIndex={-1}
      aria-labelledby={`${chartId}-title`}
    >
      <header className="chart-head">
        <h3 id={`${chartId}-title`}>{title}</h3>
        {props.controls}
      </header>
      <div className={props.aside ? 'plot-row' : undefined}>
        {empty ? (
          <div className="empty-state" role="note">
            {empty}
          </div>
        ) : (
          <div
            ref={plotRef}
            className="plot"
            data-testid={`plot-${chartId}`}
            role="img"
            aria-label={`${title} (chart; use “Show data table” for the values)`}
          >
            {props.children}
          </div>
        )}
        {props.aside}
      </div>
      <div className="caption">
        {caption.map((line) => (
          <p key={line}>{line}</p>
        ))}
      </div>
      {props.stats}
      {excluded.length > 0 && (
        <details className="excluded">
          <summary>{excluded.length} result(s) not plotted</summary>
          <ul>
            {excluded.map((e, i) => (
              <li key={i}>
                {e.arch}: {e.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      <div className="chart-actions">
        <button
          type="button"
          aria-expanded={showTable}
          aria-controls={tableId}
          onClick={() => setShowTable((v) => !v)}
        >
          {showTable ? 'Hide data table' : 'Show data table'}
        </button>
        <button type="button" onClick={exportSvg} disabled={!!empty}>
          Export SVG
        </button>
        <button type="button" onClick={exportPng} disabled={!!empty}>
          Export PNG
        </button>
        <button type="button" onClick={exportCsv} disabled={table.rows.length === 0}>
          Export CSV
        </button>
        {exportError && <span role="alert">Export failed: {exportError}</span>}
      </div>
      <div id={tableId} hidden={!showTable}>
        {showTable && <DataTable {...table} />}
      </div>
    </section>
  );
}
