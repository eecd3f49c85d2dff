import { describe, expect, it } from 'vitest';
import { parseResultsFile } from '../study/importResults.ts';
import { decodePermalink, defaultPermalinkState, encodePermalink } from './permalink.ts';

/** A collected grid's runs.json, reduced to what the importer reads: seeds as separate rows. */
const RUNS_JSON = JSON.stringify({
  study: {
    title: 'Grid: tiny',
    dataset: 'synthetic phantoms',
    metric: {
      name: 'AUROC',
      averaging: 'mean over the 5 CheXpert tasks',
      key: 'auroc:synthetic-mean5',
    },
  },
  results: [
    {
      arch: 'resnet18',
      pretrained: false,
      units_removed: 7,
      input_size: 32,
      seed: 0,
      value: 0.56,
      flags: ['grid'],
      source: 'grid tiny task 0',
    },
    {
      arch: 'resnet18',
      pretrained: false,
      units_removed: 7,
      input_size: 32,
      seed: 1,
      value: 0.58,
      flags: ['grid'],
      source: 'grid tiny task 1',
    },
  ],
  runs: [],
});

describe('a grid study in a permalink', () => {
  it('travels as its per-configuration summary (mean, SD, n), not as the seeds', () => {
    const imported = parseResultsFile(RUNS_JSON, 'runs.json');
    if (!imported.ok) throw new Error('import failed');
    const study = imported.study;
    const link = encodePermalink({
      ...defaultPermalinkState(),
      studyId: study.id,
      imported: [study],
    });
    const decoded = decodePermalink(link);
    if (!decoded.ok) throw new Error(decoded.refusal.sentence);
    const [back] = decoded.state.imported;
    expect(back?.id).toBe(study.id);
    expect(back?.title).toBe('Grid: tiny');
    expect(back?.results).toHaveLength(1);
    expect(back?.results[0]?.n).toBe(2);
    expect(back?.results[0]?.value).toBeCloseTo(0.57, 12);
    expect(back?.results[0]?.sd).toBeCloseTo(study.results[0]?.sd ?? NaN, 12);
  });
});
