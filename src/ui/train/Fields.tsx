/**
 * Small form fields of the Train panel: a labelled number input with a one-line meaning under it
 * and its validation message (linked with aria-describedby), and a field message alone.
 */
import type { ReactNode } from 'react';

interface NumberFieldProps {
  readonly id: string;
  readonly label: string;
  readonly hint: ReactNode;
  readonly value: number;
  readonly onChange: (value: number) => void;
  readonly error?: string | undefined;
  readonly min?: number;
  readonly max?: number;
  readonly step?: number | 'any';
  readonly disabled?: boolean;
}

/** @returns a number input; an empty field gives NaN, which validation reports */
export function NumberField(props: NumberFieldProps) {
  const { id, label, hint, value, onChange, error, min, max, step, disabled } = props;
  return (
    <div className="field train-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        value={Number.isNaN(value) ? '' : value}
        min={min}
        max={max}
        step={step}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        onChange={(e) =>
          onChange(e.currentTarget.value === '' ? NaN : Number(e.currentTarget.value))
        }
      />
      <span id={`${id}-hint`} className="small muted">
        {hint}
      </span>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** @returns the validation message of a field, or nothing */
export function FieldError({
  id,
  message,
}: {
  readonly id: string;
  readonly message?: string | undefined;
}) {
  if (!message) return null;
  return (
    <span id={id} className="field-error small" role="alert">
      {message}
    </span>
  );
}
