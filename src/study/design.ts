/**
 * Design-aware selection: which of a study's results stand for "one architecture under one
 * configuration". A study's design factors are data (designs.ts, or `study.design`); this module
 * reads a result's level of each factor, applies the reader's choices (or the study's defaults),
 * and says in words which configuration a chart shows. Pure: no DOM.
 */
import { PUBLISHED_DESIGNS } from './designs.ts';
import type { DesignChoices } from './chartTypes.ts';
import type { DesignFactor, DesignFactorId, ModelResult, Study, StudyDesign } from './types.ts';

/** Every factor id, in display order. */
export const DESIGN_FACTOR_IDS: readonly DesignFactorId[] = [
  'resolution',
  'scheme',
  'loss',
  'ensemble',
  'split',
];

/** Words for each factor. */
export const FACTOR_LABELS: Readonly<Record<DesignFactorId, string>> = {
  resolution: 'Input resolution',
  scheme: 'Training scheme',
  loss: 'Loss',
  ensemble: 'Ensembling',
  split: 'Evaluation split',
};

/** Level of a result whose input size is not given. */
export const NOT_STATED = 'not stated';

/** How a filter names "average over every level" (and how links spell it). */
export const AVERAGE = '*';

const NOT_DECLARED =
  'Not declared by this study: results at different levels are averaged per architecture.';

/**
 * @param factor a design factor
 * @param result a result
 * @returns the result's level of that factor, e.g. '224 px' or 'end-to-end'
 */
export function levelOf(factor: DesignFactor, result: Pick<ModelResult, 'inputSize' | 'flags'>) {
  const read = factor.read;
  if (read.from === 'study') return read.level;
  if (read.from === 'inputSize')
    return result.inputSize === null ? NOT_STATED : `${result.inputSize} px`;
  const flag = Object.keys(read.levels).find((f) => result.flags.includes(f));
  return flag === undefined ? read.otherwise : (read.levels[flag] ?? read.otherwise);
}

/**
 * A design read off the results of a study that declares none (an imported study, My runs):
 * resolution from input sizes, scheme, loss and ensembling from flags, the split from the study.
 * Every default averages, because nothing says which level is the study's own.
 * @param study the study
 * @returns the inferred design (no ImageNet weights declared)
 */
export function inferDesign(study: Study): StudyDesign {
  const lossFlags = [
    ...new Set(study.results.flatMap((r) => r.flags.filter((f) => f.startsWith('loss-')))),
  ];
  const factor = (id: DesignFactorId, read: DesignFactor['read']): DesignFactor => ({
    id,
    read,
    defaultLevel: null,
    why: NOT_DECLARED,
  });
  return {
    factors: [
      factor('resolution', { from: 'inputSize' }),
      factor('scheme', {
        from: 'flags',
        levels: { 'linear-probing': 'linear probe', 'frozen-backbone': 'linear probe' },
        otherwise: 'end-to-end (or not stated)',
      }),
      factor('loss', {
        from: 'flags',
        levels: Object.fromEntries(lossFlags.map((f) => [f, f.slice('loss-'.length)])),
        otherwise: NOT_STATED,
      }),
      factor('ensemble', { from: 'flags', levels: { ensemble: 'ensemble' }, otherwise: 'single' }),
      factor('split', { from: 'study', level: study.split || NOT_STATED }),
    ],
    weights: {},
  };
}

/**
 * @param study any study
 * @returns its declared design (its own, or the library's for a published study), else an inferred one
 */
export function designOf(study: Study): StudyDesign {
  const declared = study.design ?? PUBLISHED_DESIGNS[study.id];
  return declared ?? inferDesign(study);
}

/**
 * @param study the study
 * @param factor one of its factors
 * @returns the levels its results take, in first-seen order
 */
export function factorLevels(study: Study, factor: DesignFactor): string[] {
  return [...new Set(study.results.map((r) => levelOf(factor, r)))];
}

/**
 * @param study the study
 * @returns the factors whose level differs between its results (the ones a filter can change)
 */
export function varyingFactors(study: Study): DesignFactor[] {
  return designOf(study).factors.filter((f) => factorLevels(study, f).length > 1);
}

/**
 * @param study the study
 * @param factor one of its factors
 * @param choices the reader's choices
 * @returns the level in use (the reader's, else the default), or null to average every level
 */
export function chosenLevel(
  study: Study,
  factor: DesignFactor,
  choices: DesignChoices = {},
): string | null {
  const mine = choices[study.id]?.[factor.id];
  return mine === undefined ? factor.defaultLevel : mine;
}

/**
 * Keeps the results at the chosen level of every varying factor.
 * @param study the study
 * @param choices the reader's choices
 * @returns indices (into study.results) of the results kept
 */
export function configurationIndices(study: Study, choices: DesignChoices = {}): number[] {
  const fixed = varyingFactors(study).flatMap((f) => {
    const level = chosenLevel(study, f, choices);
    return level === null ? [] : [{ f, level }];
  });
  return study.results.flatMap((r, i) =>
    fixed.every(({ f, level }) => levelOf(f, r) === level) ? [i] : [],
  );
}

/**
 * The configuration a chart shows for a study, in words.
 * @param study the study
 * @param choices the reader's choices
 * @returns e.g. '224 px, end-to-end' or 'all input resolutions averaged'; '' when nothing varies
 */
export function configLabel(study: Study, choices: DesignChoices = {}): string {
  return varyingFactors(study)
    .map((f) => {
      const level = chosenLevel(study, f, choices);
      return level === null ? `${FACTOR_LABELS[f.id].toLowerCase()}: all levels averaged` : level;
    })
    .join(', ');
}

/**
 * Design choices as link text: one `study|factor|level` string each (`*` = average).
 * @param choices the choices
 * @returns a sorted list of strings
 */
export function designChoiceList(choices: DesignChoices): string[] {
  return Object.entries(choices)
    .flatMap(([study, byFactor]) =>
      Object.entries(byFactor).map(([f, level]) => `${study}|${f}|${level ?? AVERAGE}`),
    )
    .sort();
}

/**
 * Reads link text back into choices; malformed entries are skipped.
 * @param list strings as written by designChoiceList
 * @returns the choices
 */
export function parseDesignChoiceList(list: readonly string[]): DesignChoices {
  const out: Record<string, Partial<Record<DesignFactorId, string | null>>> = {};
  for (const item of list) {
    const [study, factor, ...rest] = item.split('|');
    const level = rest.join('|');
    if (!study || !DESIGN_FACTOR_IDS.includes(factor as DesignFactorId) || level === '') continue;
    out[study] = { ...out[study], [factor as DesignFactorId]: level === AVERAGE ? null : level };
  }
  return out;
}
