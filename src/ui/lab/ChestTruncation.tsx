/**
 * The Lab's chest-X-ray card: for the architectures TorchXRayVision publishes (DenseNet-121,
 * ResNet-50), build the loaded chest-X-ray model truncated at the slider's depth, with a new
 * 5-output head. The model is then listed in the X-ray panel and can start an in-domain run.
 */
import { useEffect, useState } from 'react';
import {
  inDomainWeightsAvailable,
  truncateChestCheckpoint,
} from '../../client/checkpointClient.ts';
import type { Refusal } from '../../refusal/refusal.ts';
import { countTruncated } from '../../zoo/analytic.ts';
import { CHEST_MODELS } from '../../zoo/chestCatalog.ts';
import { RefusalMessage } from '../components/RefusalMessage.tsx';
import { useXrayStore } from '../xray/xrayStore.ts';

interface Props {
  readonly arch: string;
  readonly unitsRemoved: number;
}

/** @returns the card, or nothing for an architecture without a published chest-X-ray model */
export function ChestTruncation({ arch, unitsRemoved }: Props) {
  const models = useXrayStore((s) => s.models);
  const [source, setSource] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ text: string } | { refusal: Refusal } | null>(null);
  const published = CHEST_MODELS.filter((m) => m.arch === arch);
  useEffect(() => {
    if (published.length === 0) return;
    let live = true;
    inDomainWeightsAvailable(arch).then(
      (r) => live && setSource(r.available ? (r.source ?? arch) : null),
      () => live && setSource(null),
    );
    return () => {
      live = false;
    };
  }, [arch, models, published.length]);
  if (published.length === 0) return null;
  const grey = countTruncated(arch, { unitsRemoved, inChannels: 1 }).trainable;
  const build = async (): Promise<void> => {
    setBusy(true);
    const r = await truncateChestCheckpoint(arch, unitsRemoved);
    setBusy(false);
    setOutcome(
      r.ok
        ? {
            text: `Built ${r.modelId}: ${r.report.loaded} tensors from the chest-X-ray checkpoint, a new 5-output head (untrained). It is listed in X-ray inference, and the Train tab can start from it (in-domain).`,
          }
        : { refusal: r.refusal },
    );
  };
  return (
    <section className="lab-chest" aria-labelledby="lab-chest-title">
      <h3 id="lab-chest-title">Truncate a chest-X-ray model</h3>
      <p className="small">
        TorchXRayVision publishes {published.length} {arch} model{published.length > 1 ? 's' : ''}{' '}
        trained on chest X-rays (1 input channel). At this depth the grey-input network has{' '}
        <strong data-testid="lab-chest-params">{grey.toLocaleString('en-US')}</strong> trainable
        parameters with a 5-output head.
      </p>
      <p className="small muted">
        {source === null
          ? 'Load one first under "Chest X-ray models" in the X-ray inference tab.'
          : `Loaded: ${source}.`}
      </p>
      <button type="button" disabled={busy || source === null} onClick={() => void build()}>
        {busy ? 'Building…' : `Build it with ${unitsRemoved} units removed`}
      </button>
      <div role="status" aria-live="polite" className="small" data-testid="lab-chest-status">
        {outcome !== null && 'refusal' in outcome ? (
          <RefusalMessage refusal={outcome.refusal} role={null} />
        ) : (
          <p>{outcome?.text ?? ''}</p>
        )}
      </div>
    </section>
  );
}
