/**
 * Data: synthetic phantoms (built in, labelled "synthetic" everywhere) or the person's
 * CheXpert-format folder or zip.
 */
import { memo } from 'react';
import { ChexpertFields } from './ChexpertFields.tsx';
import { NumberField } from './Fields.tsx';
import type { FormErrors, TrainForm } from './trainForm.ts';
import { useTrainStore } from './trainStore.ts';

interface Props {
  readonly form: TrainForm;
  readonly errors: FormErrors;
  readonly disabled: boolean;
}

/** @returns the data section of the form */
export const DataSection = memo(function DataSection({ form, errors, disabled }: Props) {
  const setForm = useTrainStore((s) => s.setForm);
  const synthetic = form.synthetic;
  return (
    <fieldset className="train-section" disabled={disabled}>
      <legend>Data</legend>
      <div className="field train-field" role="radiogroup" aria-label="Data source">
        <label>
          <input
            type="radio"
            name="train-data"
            checked={form.data === 'synthetic'}
            onChange={() => setForm({ data: 'synthetic' })}
          />{' '}
          Synthetic phantoms
        </label>
        <label>
          <input
            type="radio"
            name="train-data"
            checked={form.data === 'chexpert'}
            onChange={() => setForm({ data: 'chexpert' })}
          />{' '}
          Your CheXpert-format data
        </label>
      </div>
      {form.data === 'synthetic' ? (
        <>
          <p className="small muted">
            Synthetic: generated chest-like phantoms whose five findings are drawn in, so a model
            can learn them in minutes. Results say "synthetic" and never sit beside CheXpert
            numbers.
          </p>
          <NumberField
            id="train-syn-size"
            label="Synthetic training images"
            hint="How many phantoms to train on (made from the seed)."
            value={synthetic.size}
            min={2}
            step={1}
            error={errors.syntheticSize}
            onChange={(size) => setForm({ synthetic: { ...synthetic, size } })}
          />
          <NumberField
            id="train-syn-val"
            label="Synthetic validation images"
            hint="Further phantoms of the same seed, never trained on; AUC is measured on them."
            value={synthetic.validationSize}
            min={2}
            step={1}
            error={errors.validationSize}
            onChange={(validationSize) => setForm({ synthetic: { ...synthetic, validationSize } })}
          />
        </>
      ) : (
        <ChexpertFields form={form} errors={errors} />
      )}
    </fieldset>
  );
});
