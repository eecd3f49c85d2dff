import { useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ImageSummary, ModelPrediction, RasterImage } from '../../worker/protocol.ts';
import { ModelStatusNote } from './ModelStatusNote.tsx';
import { findingRows } from './findingRows.ts';
import { ProbabilityBars } from './ProbabilityBars.tsx';
import { SaliencyZoom } from './SaliencyZoom.tsx';
import { SATURATED_WARNING } from './sanity.ts';
import { modelTimingText } from './timingText.ts';
import { useXrayStore } from './xrayStore.ts';

interface Props {
  readonly prediction: ModelPrediction;
  readonly thumbnail: RasterImage;
  readonly image: ImageSummary;
  /** Why the sanity check flags this model's outputs (sanity.ts), if it does. */
  readonly degenerate?: string | undefined;
}

/** @returns one model's output on one image: warning, bars and the saliency overlay */
export function ModelOutput({ prediction, thumbnail, image, degenerate }: Props) {
  const { threshold, sortByProbability, calibrated, colormap, opacity } = useXrayStore(
    useShallow((s) => ({
      threshold: s.threshold,
      sortByProbability: s.sortByProbability,
      calibrated: s.calibrated,
      colormap: s.colormap,
      opacity: s.opacity,
    })),
  );
  const info = useXrayStore((s) => s.models.find((m) => m.id === prediction.modelId));
  const rows = findingRows(prediction, { sorted: sortByProbability, calibrated });
  // Start on the finding the model rates highest.
  const top = findingRows(prediction, { sorted: true, calibrated: false }).find(
    (r) => r.p !== null,
  );
  const [task, setTask] = useState(top?.task ?? '');
  const map = prediction.saliency.find((m) => m.task === task) ?? null;
  const selectId = useId();
  return (
    <article
      className="xray-model-output"
      data-testid="model-output"
      data-model={prediction.modelId}
    >
      <h5>
        <code>{prediction.modelId}</code>
      </h5>
      <ModelStatusNote
        status={prediction.status}
        {...(info ? { init: info.init, source: info.source } : {})}
        {...(info?.provenance ? { provenance: info.provenance } : {})}
      />
      {degenerate !== undefined && (
        <p className="message warning xray-model-warning" role="note" data-testid="model-saturated">
          <strong>{SATURATED_WARNING}</strong> Sanity check: {degenerate}.
        </p>
      )}
      <ProbabilityBars rows={rows} threshold={threshold} />
      {prediction.timing && (
        <p className="small muted" data-testid="model-timing">
          {modelTimingText(prediction.timing)}
        </p>
      )}
      {prediction.saliency.length > 0 && (
        <div className="xray-saliency">
          <div className="field">
            <label htmlFor={selectId}>Saliency for</label>
            <select id={selectId} value={task} onChange={(e) => setTask(e.currentTarget.value)}>
              {prediction.saliency.map((m) => (
                <option key={m.task} value={m.task}>
                  {m.task}
                </option>
              ))}
            </select>
          </div>
          <SaliencyZoom
            thumbnail={thumbnail}
            source={image}
            crop={prediction.crop}
            map={map}
            colormap={colormap}
            opacity={opacity}
            label={`${task} saliency over the model's centre crop`}
          />
          <p className="small muted" data-testid="saliency-method">
            {map?.method ?? ''} · {task}; dashed box: the {prediction.crop.width}×
            {prediction.crop.height} px centre crop the model saw.
          </p>
        </div>
      )}
    </article>
  );
}
