/**
 * Model fields: architecture (the 16, grouped by family), initialisation, units removed with the
 * resulting trainable parameters (analytic, live, as in the Lab) and input size.
 */
import { memo } from 'react';
import { TRAIN_DEFAULTS } from '../../data/trainDefaults.ts';
import { CATALOG, isArchId } from '../../zoo/catalog.ts';
import { labNumbers } from '../lab/labNumbers.ts';
import { FieldError, NumberField } from './Fields.tsx';
import { applyPreset, maxUnitsRemoved, type FormErrors, type TrainForm } from './trainForm.ts';
import { useTrainStore } from './trainStore.ts';
import { ArchOptions } from '../components/ArchOptions.tsx';

interface Props {
  readonly form: TrainForm;
  readonly errors: FormErrors;
  readonly disabled: boolean;
}

/** @returns the model section of the form */
export const ModelSection = memo(function ModelSection({ form, errors, disabled }: Props) {
  const setForm = useTrainStore((s) => s.setForm);
  const preset = useTrainStore((s) => s.preset);
  const max = maxUnitsRemoved(form.arch);
  const units = Math.min(Math.max(0, form.unitsRemoved), max);
  const depth = labNumbers(form.arch).depths[units];
  const full = labNumbers(form.arch).depths[0];
  const onArch = (id: string): void => {
    if (!isArchId(id)) return;
    // A preset is per architecture (its depth is a share of the units): re-apply it; a custom
    // form keeps its numbers with the depth clamped to the new architecture.
    if (preset === 'custom')
      setForm({ arch: id, unitsRemoved: Math.min(form.unitsRemoved, maxUnitsRemoved(id)) });
    else useTrainStore.setState({ form: applyPreset(id, preset, form) });
  };
  return (
    <fieldset className="train-section" disabled={disabled}>
      <legend>Model</legend>
      <div className="field train-field">
        <label htmlFor="train-arch">Architecture</label>
        <select id="train-arch" value={form.arch} onChange={(e) => onArch(e.currentTarget.value)}>
          <ArchOptions />
        </select>
        <span className="small muted">The ImageNet network to fine-tune (timm id).</span>
      </div>
      <div className="field train-field" role="radiogroup" aria-labelledby="train-weights-label">
        <span id="train-weights-label">Initial weights</span>
        <label>
          <input
            type="radio"
            name="train-weights"
            checked={form.weights === 'random'}
            onChange={() =>
              setForm({ weights: 'random', learningRate: TRAIN_DEFAULTS.learningRate.random })
            }
          />{' '}
          Random initialisation
        </label>
        <label>
          <input
            type="radio"
            name="train-weights"
            checked={form.weights === 'imagenet'}
            onChange={() =>
              setForm({ weights: 'imagenet', learningRate: TRAIN_DEFAULTS.learningRate.imagenet })
            }
          />{' '}
          ImageNet pretrained
        </label>
        <label>
          <input
            type="radio"
            name="train-weights"
            checked={form.weights === 'in-domain'}
            onChange={() =>
              setForm({
                weights: 'in-domain',
                learningRate: TRAIN_DEFAULTS.learningRate['in-domain'],
              })
            }
          />{' '}
          In-domain pretrained (a chest-X-ray model)
        </label>
        <span className="small muted">
          Pretrained starts from ImageNet features (the paper's setting); in-domain from a model
          already trained on chest X-rays (TorchXRayVision's, loaded in the X-ray inference tab);
          random starts from scratch. Choosing one sets its default learning rate (
          {TRAIN_DEFAULTS.learningRate.imagenet} pretrained or in-domain,{' '}
          {TRAIN_DEFAULTS.learningRate.random} random).
        </span>
        <FieldError id="train-weights-error" message={errors.weights} />
      </div>
      <div className="field train-field">
        <label htmlFor="train-units">
          Units removed: <strong data-testid="train-units-value">{units}</strong> of {max + 1}
        </label>
        <input
          id="train-units"
          type="range"
          min={0}
          max={max}
          step={1}
          value={units}
          onChange={(e) => setForm({ unitsRemoved: Number(e.currentTarget.value) })}
        />
        {depth && full && (
          <span className="small muted">
            Final units cut off (last kept: <code>{depth.lastUnit}</code>):{' '}
            <strong data-testid="train-params">{depth.trainable.toLocaleString('en-US')}</strong>{' '}
            trainable parameters ({((100 * depth.trainable) / full.trainable).toFixed(1)}% of the
            full model), with a 5-output head.
          </span>
        )}
        <FieldError id="train-units-error" message={errors.unitsRemoved} />
      </div>
      <NumberField
        id="train-input-size"
        label="Input size (px)"
        hint={`Images are resized to this square side; ${CATALOG[form.arch].inputSize} px is the ImageNet size, CheXtransfer used 320 px. Smaller is much faster.`}
        value={form.inputSize}
        min={16}
        max={512}
        step={1}
        error={errors.inputSize}
        onChange={(inputSize) => setForm({ inputSize })}
      />
    </fieldset>
  );
});
