/**
 * The one step offered when images wait for a model: load a chest X-ray model (the one cached in
 * this browser if any, else the catalog's general model, downloaded once) or build an untrained
 * model with a fixed seed, which is labelled as untrained wherever it shows.
 */
import { useState } from 'react';
import { CHEST_MODELS, chestModelLabel, type ChestModelMeta } from '../../zoo/chestCatalog.ts';
import { downloadChestModel, useChestStore } from './chestModels.ts';
import { createUntrainedModel, UNTRAINED_OFFER } from './xrayModels.ts';

/** The catalog's model trained on every dataset: the general choice when none is cached. */
const GENERAL_ID = 'densenet121-res224-all';

/**
 * @param cached catalog URLs held in Cache Storage
 * @returns the model to offer and whether it is cached
 */
export function offeredChestModel(cached: Readonly<Record<string, number>>): {
  readonly meta: ChestModelMeta;
  readonly cached: boolean;
} {
  const inCache = CHEST_MODELS.find((m) => cached[m.url.value] !== undefined);
  if (inCache) return { meta: inCache, cached: true };
  const general = CHEST_MODELS.find((m) => m.id === GENERAL_ID) ?? CHEST_MODELS[0];
  if (general === undefined) throw new Error('the chest X-ray catalog is empty');
  return { meta: general, cached: false };
}

/** @returns the offer: load a chest X-ray model, or use an untrained one */
export function FirstModelOffer() {
  const cached = useChestStore((s) => s.cached);
  const loading = useChestStore((s) => s.outcome?.kind === 'loading');
  const [building, setBuilding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const offer = offeredChestModel(cached);
  const untrained = async (): Promise<void> => {
    setBuilding(true);
    setError(null);
    try {
      await createUntrainedModel();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBuilding(false);
    }
  };
  return (
    <div className="message xray-offer" data-testid="first-model-offer">
      <p>
        <strong>These images wait for a model.</strong> Choose one; the queue runs as soon as it is
        ready.
      </p>
      <div className="chart-actions">
        <button
          type="button"
          disabled={loading || building}
          onClick={() => void downloadChestModel(offer.meta)}
        >
          {offer.cached
            ? `Load ${chestModelLabel(offer.meta)} (cached in this browser)`
            : `Download ${chestModelLabel(offer.meta)} (${offer.meta.sizeMb.value.toFixed(1)} MB from GitHub)`}
        </button>
        <button type="button" disabled={loading || building} onClick={() => void untrained()}>
          {building
            ? 'Building…'
            : `Use an untrained ${UNTRAINED_OFFER.label} (random weights, seed ${UNTRAINED_OFFER.seed})`}
        </button>
      </div>
      <p className="small muted">
        The chest X-ray model was trained on chest X-rays ({offer.meta.trainingData.value}); another
        one from the table below works too. The untrained model has learned nothing: it shows the
        pipeline working, and its outputs are meaningless.
      </p>
      {error && (
        <p className="message error" role="alert">
          Building the model failed: {error}
        </p>
      )}
    </div>
  );
}
