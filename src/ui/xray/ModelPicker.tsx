/**
 * Model choice: build a random-init model for any of the 16 architectures (truncated or not, with
 * a seed so that it can be rebuilt), and tick up to three registered models to compare side by
 * side. Models from elsewhere (training, loaded weights, chest-X-ray checkpoints) appear at once
 * with their status; the newest is selected when none is.
 */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../state/store.ts';
import { ARCH_IDS, CATALOG, isArchId, type ArchId } from '../../zoo/catalog.ts';
import { clampUnitsRemoved, labNumbers } from '../lab/labNumbers.ts';
import { ModelStatusNote } from './ModelStatusNote.tsx';
import { createRandomModel, removeModel } from './xrayModels.ts';
import { MAX_COMPARED_MODELS, useXrayStore } from './xrayStore.ts';

/** @returns the model builder and the list of registered models */
export function ModelPicker() {
  const { labArch, labUnitsRemoved } = useStore(
    useShallow((s) => ({ labArch: s.labArch, labUnitsRemoved: s.labUnitsRemoved })),
  );
  const { models, selected, toggleSelected } = useXrayStore(
    useShallow((s) => ({
      models: s.models,
      selected: s.selected,
      toggleSelected: s.toggleSelected,
    })),
  );
  const [arch, setArch] = useState<ArchId>(labArch);
  const [units, setUnits] = useState(() => clampUnitsRemoved(labArch, labUnitsRemoved));
  // 1, not 0: tfjs's initialisers take a seed of 0 as "no seed" (random on every build)
  const [seed, setSeed] = useState(1);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const maxUnits = labNumbers(arch).depths.length - 1;
  const unitsRemoved = Math.min(units, maxUnits);

  const create = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await createRandomModel(arch, unitsRemoved, seed);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="xray-models" aria-labelledby="xray-models-title">
      <h3 id="xray-models-title">Models</h3>
      <div className="xray-model-form">
        <div className="field">
          <label htmlFor="xray-arch">Architecture</label>
          <select
            id="xray-arch"
            value={arch}
            onChange={(e) => {
              const id = e.currentTarget.value;
              if (isArchId(id)) setArch(id);
            }}
          >
            {ARCH_IDS.map((id) => (
              <option key={id} value={id}>
                {CATALOG[id].label} ({id})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="xray-units">Units removed (0–{maxUnits})</label>
          <input
            id="xray-units"
            type="number"
            min={0}
            max={maxUnits}
            step={1}
            value={unitsRemoved}
            onChange={(e) =>
              setUnits(Math.max(0, Math.min(maxUnits, Number(e.currentTarget.value) || 0)))
            }
          />
        </div>
        <div className="field">
          <label htmlFor="xray-seed">Seed</label>
          <input
            id="xray-seed"
            type="number"
            min={1}
            step={1}
            value={seed}
            onChange={(e) => setSeed(Math.max(1, Math.floor(Number(e.currentTarget.value) || 1)))}
          />
        </div>
        <button type="button" onClick={() => void create()} disabled={busy}>
          {busy ? 'Building…' : 'Create random-init model'}
        </button>
      </div>
      <p className="small muted">
        Input {CATALOG[arch].inputSize}×{CATALOG[arch].inputSize} (the architecture&apos;s native
        size). The same seed, architecture and depth give the same weights. A random-init model has
        learned nothing: use it to see the pipeline work, not to read an X-ray; the chest X-ray
        models above can.
      </p>
      {error && (
        <p className="message error" role="alert">
          Building the model failed: {error}
        </p>
      )}
      {models.length === 0 ? (
        <p className="muted">No model yet: create one to run inference.</p>
      ) : (
        <fieldset className="xray-model-list">
          <legend>
            Active models (compare up to {MAX_COMPARED_MODELS} side by side; {selected.length}{' '}
            selected)
          </legend>
          {models.map((m) => {
            const checked = selected.includes(m.id);
            return (
              <div key={m.id} className="xray-model-row" data-testid="xray-model">
                <label>
                  <input
                    type="checkbox"
                    checked={checked}
                    disabled={!checked && selected.length >= MAX_COMPARED_MODELS}
                    onChange={() => toggleSelected(m.id)}
                  />{' '}
                  <code>{m.id}</code> · {CATALOG[m.arch as ArchId]?.label ?? m.arch},{' '}
                  {m.unitsRemoved} units removed, {m.trainableParams.toLocaleString('en-US')}{' '}
                  parameters, {m.source}
                </label>{' '}
                <button type="button" className="small" onClick={() => void removeModel(m.id)}>
                  Remove
                </button>
                <ModelStatusNote
                  status={m.status}
                  init={m.init}
                  source={m.source}
                  {...(m.provenance ? { provenance: m.provenance } : {})}
                />
              </div>
            );
          })}
        </fieldset>
      )}
    </section>
  );
}
