import { describe, expect, it } from 'vitest';
import { ARCHITECTURES } from '../../study/architectures.ts';
import { top1VsMetric } from '../../study/selectors.ts';
import { CHEXPERT_LEADERBOARD } from '../../study/studies/chexpertLeaderboard.ts';
import { MEDMNIST_CHEST } from '../../study/studies/medmnistChest.ts';
import { BLIZNASHKI_CHEXPERT } from '../../study/studies/bliznashkiChexpert.ts';
import { configCaption } from './chartParts.ts';

const ALL = { condition: 'both', hiddenFamilies: [], archs: [] } as const;

describe('configCaption', () => {
  it('names the configuration a study’s points stand for', () => {
    const s = top1VsMetric(MEDMNIST_CHEST, ARCHITECTURES, ALL, 'paperEra');
    expect(configCaption(s.points)).toEqual([
      'Configuration shown: 224 px, end-to-end (change it in the filters above); one point per architecture.',
    ]);
  });

  it('says when points average replicates, and only true replicates are averaged', () => {
    // The leaderboard's DenseNet-121 entries come from different teams: four points, no average.
    const board = top1VsMetric(CHEXPERT_LEADERBOARD, ARCHITECTURES, ALL, 'paperEra');
    expect(board.points.every((p) => p.replicates === 1)).toBe(true);
    // Declared seeds of one model (a shared replicate key) are averaged, and the caption says so.
    const seeds = {
      ...CHEXPERT_LEADERBOARD,
      results: CHEXPERT_LEADERBOARD.results.map((r) =>
        r.arch === 'densenet121' ? { ...r, replicateKey: 'seeds' } : r,
      ),
    };
    const s = top1VsMetric(seeds, ARCHITECTURES, ALL, 'paperEra');
    expect(configCaption(s.points)[0]).toMatch(/1 point\(s\) average replicates/);
  });

  it('says nothing for a study with one configuration and no replicates', () => {
    const s = top1VsMetric(BLIZNASHKI_CHEXPERT, ARCHITECTURES, ALL, 'paperEra');
    expect(configCaption(s.points)).toEqual([]);
  });
});
