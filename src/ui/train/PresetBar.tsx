/**
 * The presets: each button fills the form for the chosen architecture and says what it means.
 */
import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { TRAIN_PRESETS, type TrainPresetId } from '../../data/trainDefaults.ts';
import { aboutDuration, runWork } from '../../grid/estimate.ts';
import { backendWord, chooseAuto, estimatesFor, runShapeOf } from './probeChoice.ts';
import { useProbeStore } from './probeStore.ts';
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

/**
 * @returns the preset's time on this machine: the form's run (the preset applied) at the measured
 *   rate of the backend it would use; nothing is promised before the probe has measured
 */
function useEstimate(): string {
  const { form, report } = useTrainStore(useShallow((s) => ({ form: s.form, report: s.report })));
  const probe = useProbeStore((s) => s.report);
  const shape = runShapeOf(form, report);
  if (probe === null) return 'Its time here is estimated once the backends are measured (below).';
  if (shape === null) return 'Its time here is estimated once the data is picked.';
  const name = form.backend === 'auto' ? chooseAuto(shape, probe.probes).name : form.backend;
  const e = estimatesFor(probe.probes, runWork(shape)).find((x) => x.probe.name === name);
  if (!name || e?.seconds == null) return 'No backend measured a rate for an estimate here.';
  return `Estimated here: ${aboutDuration(e.seconds)} on ${backendWord(name)} (measured rate).`;
}

/** @returns what a preset sets, from its data, what it means, and its estimated time here */
function PresetSummary({ id }: { readonly id: TrainPresetId }) {
  const p = TRAIN_PRESETS[id];
  const depth = p.keepUnits === null ? 'full model' : `first ${p.keepUnits} units`;
  const estimate = useEstimate();
  return (
    <p className={`small${id === 'paper' ? ' message warning' : ' muted'}`}>
      {p.label}: {depth}, {p.inputSize} px, batch {p.batchSize}, Adam {p.learningRate}, {p.epochs}{' '}
      epochs, augmentation {p.augment ? 'on' : 'off'}, synthetic {p.synthetic.size} +{' '}
      {p.synthetic.validationSize} images. {p.description}{' '}
      <span data-testid="preset-estimate">{estimate}</span>
    </p>
  );
}
