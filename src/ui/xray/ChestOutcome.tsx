import { chestModel, chestModelLabel } from '../../zoo/chestCatalog.ts';
import { chooseWeightSet, useChestStore, type ChestOutcome as Outcome } from './chestModels.ts';

/** @returns the one sentence the status region reads out */
function sentence(o: Outcome | null): string {
  if (o === null) return 'No chest X-ray model loaded yet.';
  if (o.kind === 'loading') {
    const mb = (n: number): string => (n / 1e6).toFixed(1);
    const bytes =
      o.done === undefined ? '' : ` (${mb(o.done)}${o.total ? ` of ${mb(o.total)}` : ''} MB)`;
    return `Loading ${o.what}${bytes}…`;
  }
  if (o.kind === 'loaded') return `Loaded: ${o.label}${o.fromCache ? ', from the cache' : ''}.`;
  return `Not loaded: ${o.message}`;
}

function ChooseWeightSet({
  modelId,
  choose,
}: {
  readonly modelId: string;
  readonly choose: readonly string[];
}) {
  return (
    <div className="field">
      <label htmlFor="xray-weight-set">
        The file name does not say which TorchXRayVision weights these are (the DenseNets share one
        shape); its labels and operating points follow your choice:
      </label>
      <select
        id="xray-weight-set"
        defaultValue=""
        onChange={(e) => void chooseWeightSet(modelId, e.currentTarget.value)}
      >
        <option value="" disabled>
          Choose the weight set…
        </option>
        {choose.map((id) => {
          const meta = chestModel(id);
          return (
            <option key={id} value={id}>
              {meta ? chestModelLabel(meta) : id}
            </option>
          );
        })}
      </select>
    </div>
  );
}

/** @returns the section's stable status region, and the refusal (with its detail) when one happened */
export function ChestOutcome() {
  const outcome = useChestStore((s) => s.outcome);
  return (
    <>
      <p role="status" className="small" data-testid="chest-status">
        {sentence(outcome)}
      </p>
      {outcome?.kind === 'refused' && (
        <div
          className="message error"
          role="alert"
          data-testid="chest-error"
          data-code={outcome.code}
        >
          <p>{outcome.message}</p>
          {outcome.url && (
            <p>
              Get it here: <a href={outcome.url}>{outcome.url}</a>, then drop it below.
            </p>
          )}
          {outcome.detail && (
            <details>
              <summary>Technical detail</summary>
              <code className="small">
                {outcome.code}: {outcome.detail}
              </code>
            </details>
          )}
        </div>
      )}
      {outcome?.kind === 'loaded' && outcome.choose.length > 1 && (
        <ChooseWeightSet modelId={outcome.modelId} choose={outcome.choose} />
      )}
    </>
  );
}
