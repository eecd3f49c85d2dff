/**
 * One study's design: every factor with its level. A factor that varies in the study gets a
 * select (its levels, or "all levels, averaged"); a fixed one is stated. The default and why it
 * is the default come from the study's design data.
 */
import { useStore } from '../../state/store.ts';
import {
  AVERAGE,
  FACTOR_LABELS,
  chosenLevel,
  designOf,
  factorLevels,
  parseDesignChoiceList,
} from '../../study/design.ts';
import type { DesignFactor, Study } from '../../study/types.ts';

function FactorSelect({ study, factor }: { readonly study: Study; readonly factor: DesignFactor }) {
  const list = useStore((s) => s.designChoices);
  const setDesignLevel = useStore((s) => s.setDesignLevel);
  const level = chosenLevel(study, factor, parseDesignChoiceList(list));
  const levels = factorLevels(study, factor);
  const isDefault = (v: string | null) => v === factor.defaultLevel;
  const pick = (value: string) => {
    const next = value === AVERAGE ? null : value;
    setDesignLevel(study.id, factor.id, isDefault(next) ? undefined : next);
  };
  return (
    <label className="field">
      {FACTOR_LABELS[factor.id]}
      <select value={level ?? AVERAGE} onChange={(e) => pick(e.target.value)}>
        {levels.map((l) => (
          <option key={l} value={l}>
            {l}
            {isDefault(l) ? ' (default)' : ''}
          </option>
        ))}
        <option value={AVERAGE}>all levels, averaged{isDefault(null) ? ' (default)' : ''}</option>
      </select>
      <span className="small muted">{factor.why}</span>
    </label>
  );
}

/**
 * @param props the study
 * @returns its design controls and fixed factors
 */
export function DesignControls({ study }: { readonly study: Study }) {
  const factors = designOf(study).factors;
  const varying = factors.filter((f) => factorLevels(study, f).length > 1);
  const fixed = factors.filter((f) => factorLevels(study, f).length <= 1);
  return (
    <div className="design-controls" aria-label={`Design of ${study.title}`} role="group">
      {varying.map((f) => (
        <FactorSelect key={f.id} study={study} factor={f} />
      ))}
      <p className="small muted">
        {fixed
          .map((f) => `${FACTOR_LABELS[f.id]}: ${factorLevels(study, f)[0] ?? 'not stated'}`)
          .join(' · ')}
      </p>
    </div>
  );
}
