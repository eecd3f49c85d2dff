/**
 * The presets: each button fills the form for the chosen architecture and says what it means.
 */
import { memo } from 'react';
import { TRAIN_PRESETS, type TrainPresetId } from '../../data/trainDefaults.ts';
import { useTrainStore } from './trainStore.ts';

const IDS = Object.keys(TRAIN_PRESETS) as TrainPresetId[];

/** @returns the preset buttons and the description of the one in use */
export const PresetBar = memo(function PresetBar({ disabled }: { readonly disabled: boolean }) {
  const preset = useTrainStore((s) => s.preset);
  const choosePreset = useTrainStore((s) => s.choosePreset);
  return (
    <section className="train-presets" aria-label="Presets">
      <div className="chart-actions">
        {IDS.map((id) => (
          <button
            key={id}
            type="button"
            disabled={disabled}
            aria-pressed={preset === id}
            onClick={() => choosePreset(id)}
          >
            {TRAIN_PRESETS[id].label}
          </button>
        ))}
        {preset === 'custom' && <span className="small muted">Custom settings</span>}
      </div>
      {preset !== 'custom' && <PresetSummary id={preset} />}
    </section>
  );
});

/** @returns what a preset sets, from its data, and what it means */
function PresetSummary({ id }: { readonly id: TrainPresetId }) {
  const p = TRAIN_PRESETS[id];
  const depth = p.keepUnits === null ? 'full model' : `first ${p.keepUnits} units`;
  return (
    <p className={`small${id === 'paper' ? ' message warning' : ' muted'}`}>
      {p.label}: {depth}, {p.inputSize} px, batch {p.batchSize}, Adam {p.learningRate}, {p.epochs}{' '}
      epochs, augmentation {p.augment ? 'on' : 'off'}, synthetic {p.synthetic.size} +{' '}
      {p.synthetic.validationSize} images. {p.description}
    </p>
  );
}
