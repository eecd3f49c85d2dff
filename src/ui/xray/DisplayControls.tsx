import { useShallow } from 'zustand/react/shallow';
import { COLORMAPS, isColormapName } from './colormaps.ts';
import { useXrayStore } from './xrayStore.ts';

/** @returns the threshold slider (with what it means), sort order and overlay controls */
export function DisplayControls() {
  const { threshold, sortByProbability, calibrated, colormap, opacity, setDisplay } = useXrayStore(
    useShallow((s) => ({
      threshold: s.threshold,
      sortByProbability: s.sortByProbability,
      calibrated: s.calibrated,
      colormap: s.colormap,
      opacity: s.opacity,
      setDisplay: s.setDisplay,
    })),
  );
  return (
    <section className="xray-display" aria-labelledby="xray-display-title">
      <h3 id="xray-display-title">Display</h3>
      <p className="small" data-testid="threshold-note">
        Each probability is for one finding on its own (a sigmoid per output, as CheXpert models are
        trained): they are not mutually exclusive and need not sum to 1. A threshold turns a
        probability into yes/no at a chosen operating point; moving it trades sensitivity for
        specificity. Findings at or above the threshold are marked.
      </p>
      <div className="xray-display-grid">
        <div className="field">
          <label htmlFor="xray-threshold">
            Threshold: <strong>{threshold.toFixed(2)}</strong>
          </label>
          <input
            id="xray-threshold"
            type="range"
            min={0}
            max={1}
            step={0.01}
            value={threshold}
            onChange={(e) => setDisplay({ threshold: Number(e.currentTarget.value) })}
          />
        </div>
        <label className="xray-check">
          <input
            type="checkbox"
            checked={sortByProbability}
            onChange={(e) => setDisplay({ sortByProbability: e.currentTarget.checked })}
          />{' '}
          Sort findings by probability
        </label>
        <label className="xray-check">
          <input
            type="checkbox"
            checked={calibrated}
            onChange={(e) => setDisplay({ calibrated: e.currentTarget.checked })}
            data-testid="calibrated-toggle"
          />{' '}
          Calibrated (TorchXRayVision operating points: 0.5 = the published threshold; only for
          models that publish them)
        </label>
        <div className="field">
          <label htmlFor="xray-colormap">Saliency colormap</label>
          <select
            id="xray-colormap"
            value={colormap}
            onChange={(e) => {
              const name = e.currentTarget.value;
              if (isColormapName(name)) setDisplay({ colormap: name });
            }}
          >
            {COLORMAPS.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="xray-opacity">
            Overlay opacity: <strong>{Math.round(opacity * 100)} %</strong>
          </label>
          <input
            id="xray-opacity"
            type="range"
            min={0}
            max={1}
            step={0.05}
            value={opacity}
            onChange={(e) => setDisplay({ opacity: Number(e.currentTarget.value) })}
          />
        </div>
      </div>
    </section>
  );
}
