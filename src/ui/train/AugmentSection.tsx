/**
 * Augmentation: on/off and the four strengths of src/data/augment.ts. Horizontal flips are not
 * offered: a flipped chest film is another anatomy (see augment.ts).
 */
import { memo } from 'react';
import type { TrainAugment } from '../../worker/protocol.ts';
import { FieldError, NumberField } from './Fields.tsx';
import type { FormErrors, TrainForm } from './trainForm.ts';
import { useTrainStore } from './trainStore.ts';

interface Props {
  readonly form: TrainForm;
  readonly errors: FormErrors;
  readonly disabled: boolean;
}

const STRENGTHS: readonly { key: 'shift' | 'scale' | 'brightness' | 'contrast'; hint: string }[] = [
  { key: 'shift', hint: 'largest random shift, as a share of the side' },
  { key: 'scale', hint: 'largest relative zoom in or out' },
  { key: 'brightness', hint: 'largest brightness added on a 0–1 grey scale' },
  { key: 'contrast', hint: 'largest relative contrast change' },
];

/** @returns the augmentation section of the form */
export const AugmentSection = memo(function AugmentSection({ form, errors, disabled }: Props) {
  const setForm = useTrainStore((s) => s.setForm);
  const setStrength = (key: keyof TrainAugment, value: number): void =>
    setForm({ augment: { ...form.augment, [key]: value } });
  return (
    <fieldset className="train-section" disabled={disabled}>
      <legend>Augmentation</legend>
      <label className="train-check">
        <input
          type="checkbox"
          checked={form.augmentOn}
          onChange={(e) => setForm({ augmentOn: e.currentTarget.checked })}
        />{' '}
        Augment training images
      </label>
      <span className="small muted">
        Small random changes to each training image so the model does not memorise pixels;
        validation images are never augmented. No flips: a flipped chest film is another anatomy.
      </span>
      {form.augmentOn &&
        STRENGTHS.map(({ key, hint }) => (
          <NumberField
            key={key}
            id={`train-aug-${key}`}
            label={`${key[0]?.toUpperCase()}${key.slice(1)}`}
            hint={hint}
            value={form.augment[key]}
            min={0}
            max={0.5}
            step={0.01}
            onChange={(v) => setStrength(key, v)}
          />
        ))}
      <FieldError id="train-augment-error" message={errors.augment} />
    </fieldset>
  );
});
