import type { FilePrediction } from '../../worker/protocol.ts';
import { IdentifyingTags } from './IdentifyingTags.tsx';
import { ModelOutput } from './ModelOutput.tsx';
import { fileTimingText } from './timingText.ts';
import { useXrayStore } from './xrayStore.ts';

interface Props {
  readonly itemKey: number;
  readonly result: FilePrediction;
  readonly revealed: boolean;
  /** Models the sanity check flags, with why (sanity.ts). */
  readonly degenerate: ReadonlyMap<string, string>;
}

/** @returns a short line on what the file said about itself */
function describe(result: FilePrediction): string {
  const img = result.image;
  if (!img) return '';
  return [
    img.format,
    `${img.width}×${img.height}`,
    `${img.bitsStored}-bit ${img.photometric}`,
    img.modality && `modality ${img.modality}`,
    img.transferSyntax,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** @returns the card's outcome in one sentence, for its status region */
function outcome(result: FilePrediction, hidden: boolean): string {
  const n = result.predictions.length;
  const models = `${n} model${n === 1 ? '' : 's'}`;
  if (hidden) return `Read by ${models}; output hidden: not a frontal chest radiograph.`;
  if (result.ood?.flagged)
    return `Read by ${models}; shown although flagged as out of distribution.`;
  return `Read by ${models}.`;
}

/** @returns one image's card: OOD warning first, then each model's output side by side */
export function ResultCard({ itemKey, result, revealed, degenerate }: Props) {
  const updateItem = useXrayStore((s) => s.updateItem);
  const { image, thumbnail, ood } = result;
  if (result.status !== 'ok' || !image || !thumbnail) return null;
  const flagged = ood?.flagged === true;
  const hidden = flagged && !revealed;
  return (
    <article className="xray-card" data-testid="xray-result" data-file={result.name}>
      <h4>{result.name}</h4>
      <p role="status" className="small" data-testid="xray-card-status">
        {outcome(result, hidden)}
      </p>
      <p className="small muted">{describe(result)}</p>
      {result.timing && (
        <p className="small muted" data-testid="xray-timing">
          {fileTimingText(result.timing)}
        </p>
      )}
      {image.notes.length > 0 && (
        <ul className="small muted">
          {image.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      {flagged && (
        <div className="message warning" role="alert" data-testid="ood-warning">
          <p>
            <strong>This image does not look like a frontal chest radiograph.</strong> The models
            are meant for chest X-rays; on this image their output is not meaningful:
          </p>
          <ul>
            {ood.reasons.map((r) => (
              <li key={r.code}>{r.message}</li>
            ))}
          </ul>
          {hidden && (
            <button type="button" onClick={() => updateItem(itemKey, { revealed: true })}>
              Show the output anyway
            </button>
          )}
        </div>
      )}
      <IdentifyingTags tags={image.identifyingTags} />
      {!hidden && (
        <div className="xray-compare">
          {result.predictions.map((p) => (
            <ModelOutput
              key={p.modelId}
              prediction={p}
              thumbnail={thumbnail}
              image={image}
              degenerate={degenerate.get(p.modelId)}
            />
          ))}
        </div>
      )}
    </article>
  );
}
