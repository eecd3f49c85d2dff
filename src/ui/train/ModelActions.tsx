/**
 * What can be done with a trained model (it lives in the worker's registry): open it in the
 * X-ray panel, save it in this browser (IndexedDB), or download it as safetensors (+ a JSON
 * sidecar with the configuration) or as a TensorFlow.js model.json + weights.bin.
 */
import { useState } from 'react';
import { exportTrainedModel, saveTrainedModel } from '../../client/trainingClient.ts';
import { useStore } from '../../state/store.ts';
import type { TrainResult } from '../../worker/protocol.ts';
import { refreshModels } from '../xray/xrayModels.ts';
import { useXrayStore } from '../xray/xrayStore.ts';
import { downloadFiles } from './download.ts';
import { useSavedModels } from './savedModels.ts';
import { useTrainStore } from './trainStore.ts';

const say = (notice: string): void => useTrainStore.getState().set({ notice });
const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Makes the trained model one of the X-ray panel's active models and opens that panel.
 * @param modelId the worker registry id
 */
async function openInXray(modelId: string): Promise<void> {
  await refreshModels();
  const xray = useXrayStore.getState();
  if (!xray.models.some((m) => m.id === modelId))
    throw new Error('The worker no longer holds this model (was it stopped or deleted?).');
  if (!xray.selected.includes(modelId)) xray.toggleSelected(modelId);
  useStore.getState().openView('xray');
}

/** @returns the model's actions */
export function ModelActions({ result }: { readonly result: TrainResult }) {
  const [name, setName] = useState(() => `${result.config.arch}-${result.runId}`);
  const [busy, setBusy] = useState(false);
  const refreshSaved = useSavedModels((s) => s.refresh);
  const act = async (label: string, work: () => Promise<string>): Promise<void> => {
    setBusy(true);
    try {
      say(await work());
    } catch (error) {
      say(`${label} failed: ${messageOf(error)}`);
    } finally {
      setBusy(false);
    }
  };
  const download = (format: 'safetensors' | 'tfjs'): Promise<void> =>
    act('Download', async () => {
      const { files } = await exportTrainedModel(result.modelId, format);
      downloadFiles(files);
      return `Downloaded ${files.map((f) => f.name).join(' and ')}.`;
    });
  return (
    <div className="train-model-actions">
      <div className="chart-actions">
        <button
          type="button"
          disabled={busy}
          onClick={() => void openInXray(result.modelId).catch((e: unknown) => say(messageOf(e)))}
        >
          Use in X-ray panel
        </button>
        <button type="button" disabled={busy} onClick={() => void download('safetensors')}>
          Download safetensors
        </button>
        <button type="button" disabled={busy} onClick={() => void download('tfjs')}>
          Download tfjs
        </button>
      </div>
      <div className="chart-actions">
        <label htmlFor="train-save-name">Name</label>
        <input id="train-save-name" value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <button
          type="button"
          disabled={busy || name.trim() === ''}
          onClick={() =>
            void act('Saving', async () => {
              const saved = await saveTrainedModel(result.modelId, name.trim());
              await refreshSaved();
              return `Saved in this browser as "${saved.name}".`;
            })
          }
        >
          Save in browser
        </button>
      </div>
    </div>
  );
}
