/**
 * Optimisation fields: batch size, epochs, Adam's learning rate, the uncertainty policy, the seed
 * and the backend to train on (WASM is listed but disabled: it has no convolution gradients).
 */
import { memo } from 'react';
import { TRAIN_DEFAULTS, WASM_TRAIN_REASON } from '../../data/trainDefaults.ts';
import { NumberField } from './Fields.tsx';
import type { FormErrors, TrainBackendChoice, TrainForm } from './trainForm.ts';
import { useTrainStore } from './trainStore.ts';

interface Props {
  readonly form: TrainForm;
  readonly errors: FormErrors;
  readonly disabled: boolean;
}

const POLICIES = {
  'U-Ones': 'uncertain (−1) labels count as positive',
  'U-Zeros': 'uncertain labels count as negative',
  ignore: 'uncertain labels are left out of the loss and the AUC',
} as const;

const BACKENDS: Record<TrainBackendChoice, string> = {
  auto: 'Automatic (the fastest measured here)',
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  cpu: 'CPU (slow)',
};

const isBackend = (v: string): v is TrainBackendChoice => v in BACKENDS;
const isPolicy = (v: string): v is keyof typeof POLICIES => v in POLICIES;

/** @returns the optimisation section of the form */
export const OptimSection = memo(function OptimSection({ form, errors, disabled }: Props) {
  const setForm = useTrainStore((s) => s.setForm);
  return (
    <fieldset className="train-section" disabled={disabled}>
      <legend>Optimisation</legend>
      <NumberField
        id="train-batch"
        label="Batch size"
        hint="Images per gradient step; larger uses more GPU memory."
        value={form.batchSize}
        min={1}
        max={256}
        step={1}
        error={errors.batchSize}
        onChange={(batchSize) => setForm({ batchSize })}
      />
      <NumberField
        id="train-epochs"
        label="Epochs"
        hint="Passes over the training images; AUC is measured after each."
        value={form.epochs}
        min={1}
        max={100}
        step={1}
        error={errors.epochs}
        onChange={(epochs) => setForm({ epochs })}
      />
      <NumberField
        id="train-lr"
        label="Learning rate (Adam)"
        hint={`Step size: ${TRAIN_DEFAULTS.learningRate.imagenet} by default to fine-tune ImageNet weights, ${TRAIN_DEFAULTS.learningRate.random} from random.`}
        value={form.learningRate}
        min={0}
        step="any"
        error={errors.learningRate}
        onChange={(learningRate) => setForm({ learningRate })}
      />
      <div className="field train-field">
        <label htmlFor="train-policy">Uncertainty policy</label>
        <select
          id="train-policy"
          value={form.policy}
          onChange={(e) => {
            const v = e.currentTarget.value;
            if (isPolicy(v)) setForm({ policy: v });
          }}
        >
          {Object.keys(POLICIES).map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
        <span className="small muted">
          {form.policy}: {POLICIES[form.policy]} (CheXpert labels; synthetic data has none).
        </span>
      </div>
      <NumberField
        id="train-seed"
        label="Seed"
        hint="Fixes initialisation, shuffling, augmentation and the synthetic images."
        value={form.seed}
        min={0}
        step={1}
        error={errors.seed}
        onChange={(seed) => setForm({ seed })}
      />
      <div className="field train-field">
        <label htmlFor="train-backend">Backend</label>
        <select
          id="train-backend"
          value={form.backend}
          onChange={(e) => {
            const v = e.currentTarget.value;
            if (isBackend(v)) setForm({ backend: v });
          }}
        >
          {Object.entries(BACKENDS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
          <option value="wasm" disabled>
            WASM (unavailable: {WASM_TRAIN_REASON})
          </option>
        </select>
        <span className="small muted">
          Where TensorFlow.js trains. Automatic uses the backend the speed probe (below) finds
          fastest for this run; the badge shows what the worker actually uses.
        </span>
      </div>
    </fieldset>
  );
});
