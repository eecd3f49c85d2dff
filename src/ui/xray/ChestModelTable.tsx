import { CHEXPERT_TASKS } from '../../study/types.ts';
import { CHEST_MODELS, chestModelFileName, type ChestModelMeta } from '../../zoo/chestCatalog.ts';
import { downloadChestModel, useChestStore } from './chestModels.ts';
import { outputOf } from './findingRows.ts';

/** @returns "4 of 5 (no Edema)": the CheXpert tasks the model has an output for */
function chexpertCover(m: ChestModelMeta): string {
  const missing = CHEXPERT_TASKS.filter((t) => outputOf(m.outputs.value, t) < 0);
  const trained = m.outputs.value.filter((o) => o !== '').length;
  const of5 = `${CHEXPERT_TASKS.length - missing.length} of 5`;
  return `${of5}${missing.length > 0 ? ` (not ${missing.join(', ')})` : ''}; ${trained} outputs`;
}

function Row({ m, busy }: { readonly m: ChestModelMeta; readonly busy: boolean }) {
  const cached = useChestStore((s) => s.cached[m.url.value]);
  return (
    <tr data-testid="chest-model" data-id={m.id}>
      <th scope="row">
        <a href={m.url.source} target="_blank" rel="noreferrer">
          {m.id}
        </a>
      </th>
      <td>
        <a href={m.trainingData.source} target="_blank" rel="noreferrer">
          {m.trainingData.value}
        </a>
      </td>
      <td>
        <a href={m.outputs.source} target="_blank" rel="noreferrer">
          {chexpertCover(m)}
        </a>
      </td>
      <td>{m.inputSize.value} px, 1 channel</td>
      <td title={m.sizeMb.source}>{m.sizeMb.value.toFixed(1)} MB</td>
      <td title={m.license}>Apache-2.0</td>
      <td>
        <button type="button" disabled={busy} onClick={() => void downloadChestModel(m)}>
          {cached === undefined ? 'Download' : 'Load (cached)'}
        </button>{' '}
        <a href={m.url.value} className="small" download>
          {chestModelFileName(m)}
        </a>
      </td>
    </tr>
  );
}

/** @returns the TorchXRayVision catalog: what each model is, where it comes from, and Download */
export function ChestModelTable() {
  const busy = useChestStore((s) => s.outcome?.kind === 'loading');
  return (
    <div className="table-scroll">
      <table className="data-table xray-chest-table">
        <caption className="small">
          Every fact links to its line in mlmed/torchxrayvision at the pinned commit; sizes are
          computed from the networks&apos; tensors.
        </caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Trained on</th>
            <th scope="col">CheXpert tasks</th>
            <th scope="col">Input</th>
            <th scope="col">Size</th>
            <th scope="col">Licence</th>
            <th scope="col">File</th>
          </tr>
        </thead>
        <tbody>
          {CHEST_MODELS.map((m) => (
            <Row key={m.id} m={m} busy={busy} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
