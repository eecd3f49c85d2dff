/**
 * The run configuration: presets, model, optimisation, augmentation and data sections, the
 * ImageNet weights card when a pretrained run is chosen, and the Start button. Validation runs on
 * every edit and its messages sit next to the fields. Subscribes to the form and the run status
 * only, so progress events never re-render it.
 */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ImagenetWeightsCard } from '../weights/ImagenetWeightsCard.tsx';
import { AugmentSection } from './AugmentSection.tsx';
import { DataSection } from './DataSection.tsx';
import { ModelSection } from './ModelSection.tsx';
import { OptimSection } from './OptimSection.tsx';
import { PresetBar } from './PresetBar.tsx';
import { SpeedSection } from './SpeedSection.tsx';
import { validateForm } from './trainForm.ts';
import { startRun } from './trainRun.ts';
import { useTrainStore } from './trainStore.ts';
import {
  useImagenetAvailable,
  useInDomainAvailable,
  type WeightsAvailability,
} from './useWeightsAvailable.ts';
import { InDomainNote } from './InDomainNote.tsx';
import { addFinishedRun } from './addRun.ts';

const BUSY = new Set(['starting', 'running', 'stopping']);

/** @returns the configuration form and the Start button */
export function ConfigForm() {
  const { form, source, statusType } = useTrainStore(
    useShallow((s) => ({ form: s.form, source: s.source, statusType: s.status.type })),
  );
  const imagenet = useImagenetAvailable(form.arch, form.weights === 'imagenet');
  const available = imagenet.type === 'known' && imagenet.available;
  const inDomain = useInDomainAvailable(form.arch, form.weights === 'in-domain');
  const chest = inDomain.type === 'known' && inDomain.available;
  const { errors, request } = useMemo(
    () => validateForm(form, source, available, chest),
    [form, source, available, chest],
  );
  const busy = BUSY.has(statusType);
  const count = Object.keys(errors).length;
  return (
    <form
      className="train-form"
      aria-label="Training configuration"
      onSubmit={(e) => {
        e.preventDefault();
        if (request && !busy) void startRun(request, form.backend, addFinishedRun);
      }}
    >
      <PresetBar disabled={busy} />
      <div className="train-sections">
        <ModelSection form={form} errors={errors} disabled={busy} />
        <OptimSection form={form} errors={errors} disabled={busy} />
        <AugmentSection form={form} errors={errors} disabled={busy} />
        <DataSection form={form} errors={errors} disabled={busy} />
      </div>
      {form.weights === 'imagenet' && (
        <>
          <ImagenetNote state={imagenet} />
          {!busy && <ImagenetWeightsCard arch={form.arch} unitsRemoved={form.unitsRemoved} />}
        </>
      )}
      {form.weights === 'in-domain' && <InDomainNote state={inDomain} />}
      <SpeedSection disabled={busy} />
      <div className="chart-actions">
        <button type="submit" disabled={busy || !request}>
          Start training
        </button>
        {count > 0 && (
          <span className="small field-error" data-testid="train-form-errors">
            {count === 1 ? 'One field needs' : `${count} fields need`} attention before starting.
          </span>
        )}
      </div>
    </form>
  );
}

/** @returns whether ImageNet weights are ready for this architecture, and from where */
function ImagenetNote({ state }: { readonly state: WeightsAvailability }) {
  if (state.type === 'checking')
    return <p className="small muted">Asking the worker for ImageNet weights…</p>;
  if (state.type === 'error')
    return (
      <p className="message error" role="alert">
        Could not ask the worker for ImageNet weights: {state.message}
      </p>
    );
  return state.available ? (
    <p className="message" data-testid="imagenet-status">
      ImageNet weights: loaded{state.source ? ` from ${state.source}` : ''}. The run starts from
      them.
    </p>
  ) : (
    <p className="message warning" data-testid="imagenet-status">
      ImageNet weights are not loaded for this architecture. Load them with the card below (by URL
      or a .safetensors file) before starting a pretrained run.
    </p>
  );
}
