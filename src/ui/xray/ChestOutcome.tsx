import { chestModel, chestModelLabel } from '../../zoo/chestCatalog.ts';
import { RefusalMessage } from '../components/RefusalMessage.tsx';
import { chooseWeightSet, useChestStore, type ChestOutcome as Outcome } from './chestModels.ts';

/** @returns the one sentence the status region reads out (a refusal is shown by RefusalMessage) */
function sentence(o: Exclude<Outcome, { kind: 'refused' }> | null): string {
  if (o === null) return 'No chest X-ray model loaded yet.';
  if (o.kind === 'loading') {
    const mb = (n: number): string => (n / 1e6).toFixed(1);
    const bytes =
      o.done === undefined ? '' : ` (${mb(o.done)}${o.total ? ` of ${mb(o.total)}` : ''} MB)`;
    return `Loading ${o.what}${bytes}…`;
  }
  return `Loaded: ${o.label}${o.fromCache ? ', from the cache' : ''}.`;
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

/**
 * @returns the section's one stable status region (screen readers hear each new outcome): the
 *   load's progress or result, or a refusal, sentence first and its detail collapsed
 */
export function ChestOutcome() {
  const outcome = useChestStore((s) => s.outcome);
  return (
    <>
      <div role="status" aria-live="polite" className="small" data-testid="chest-status">
        {outcome?.kind === 'refused' ? (
          <RefusalMessage refusal={outcome.refusal} role={null} testId="chest-error">
            {outcome.url && (
              <p>
                Get it here: <a href={outcome.url}>{outcome.url}</a>, then drop it below.
              </p>
            )}
          </RefusalMessage>
        ) : (
          <p>{sentence(outcome)}</p>
        )}
      </div>
      {outcome?.kind === 'loaded' && outcome.choose.length > 1 && (
        <ChooseWeightSet modelId={outcome.modelId} choose={outcome.choose} />
      )}
    </>
  );
}
