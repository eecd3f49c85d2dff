/**
 * The models saved in this browser (load into the worker, delete) and "Load model files": our
 * safetensors (+ its .json sidecar) or a TensorFlow.js model.json + weights.bin. A loaded model
 * is registered for the X-ray panel. A refused file changes nothing.
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatBytes } from '../weights/weightsText.ts';
import { useSavedModels } from './savedModels.ts';

/** @returns the saved-models list and the model-files loader */
export function SavedModels() {
  const { models, message, busy, refresh, load, remove, loadFiles } = useSavedModels(
    useShallow((s) => ({ ...s })),
  );
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return (
    <section className="train-saved" aria-labelledby="train-saved-title">
      <h3 id="train-saved-title">Saved models</h3>
      {models.length === 0 ? (
        <p className="small muted">No model saved in this browser.</p>
      ) : (
        <table className="data-table" data-testid="saved-models">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Model</th>
              <th scope="col">Mean AUC</th>
              <th scope="col">Saved</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {models.map((m) => (
              <tr key={m.name}>
                <th scope="row">{m.name}</th>
                <td>
                  {m.arch}, {m.unitsRemoved} units removed, {m.inputSize} px ({formatBytes(m.bytes)}
                  )
                </td>
                <td>{m.result?.meanAuc?.toFixed(3) ?? '–'}</td>
                <td>{new Date(m.savedAt).toLocaleString()}</td>
                <td>
                  <button type="button" disabled={busy} onClick={() => void load(m.name)}>
                    Load
                  </button>{' '}
                  <button type="button" disabled={busy} onClick={() => void remove(m.name)}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="field">
        <label htmlFor="train-model-files">Load model files</label>
        <input
          id="train-model-files"
          type="file"
          multiple
          accept=".safetensors,.json,.bin"
          disabled={busy}
          onChange={(e) => {
            const files = [...(e.currentTarget.files ?? [])];
            e.currentTarget.value = '';
            if (files.length > 0) void loadFiles(files);
          }}
        />
        <span className="small muted">
          Pick our .safetensors with its .json, or a TensorFlow.js model.json with weights.bin.
        </span>
      </div>
      {message && (
        <p
          className={`message${message.kind === 'error' ? ' error' : ''}`}
          role={message.kind === 'error' ? 'alert' : 'status'}
          data-testid="saved-models-message"
        >
          {message.text}
        </p>
      )}
    </section>
  );
}
