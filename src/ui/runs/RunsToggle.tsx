/**
 * The legend entry for My runs on a chart: a star and the series name; clicking hides or shows
 * the runs on every chart.
 */
import type { RunsOverlay } from '../../study/runsOverlay.ts';
import { useStore } from '../../state/store.ts';

/**
 * @param props the chart's full overlay (whether or not it is shown)
 * @returns a toggle button per layer, or nothing when the chart has no runs to draw
 */
export function RunsToggle({ overlay }: { readonly overlay: RunsOverlay }) {
  const visible = useStore((s) => s.runsVisible);
  const toggle = useStore((s) => s.toggleRunsVisible);
  if (overlay.layers.length === 0) return null;
  return (
    <span className="runs-legend">
      {overlay.layers.map((l) => (
        <button
          key={l.studyId}
          type="button"
          className="runs-toggle"
          aria-pressed={visible}
          title={visible ? 'Hide My runs on the charts' : 'Show My runs on the charts'}
          onClick={toggle}
        >
          <span aria-hidden="true" className={`runs-star ${l.axis}`}>
            ★
          </span>{' '}
          {l.label} ({l.points.length})
        </button>
      ))}
    </span>
  );
}
