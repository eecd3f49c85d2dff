import { describe, expect, it } from 'vitest';
import { createAppStore } from './store.ts';
import { memoryRunsStorage } from './runsDb.ts';
import { withDesignLevel } from './slices.ts';

describe('design choices and hidden studies in the store', () => {
  it('set, average and reset a study’s level', () => {
    let list = withDesignLevel([], 'm', 'resolution', '128 px');
    list = withDesignLevel(list, 'c', 'loss', null);
    expect(list).toEqual(['c|loss|*', 'm|resolution|128 px']);
    expect(withDesignLevel(list, 'm', 'resolution', undefined)).toEqual(['c|loss|*']);
    expect(withDesignLevel(list, 'm', 'resolution', '64 px')).toEqual([
      'c|loss|*',
      'm|resolution|64 px',
    ]);
  });

  it('toggleStudy hides and shows; resetFilters clears both', () => {
    const store = createAppStore(memoryRunsStorage());
    store.getState().toggleStudy('x');
    store.getState().setDesignLevel('m', 'scheme', 'linear probe');
    expect(store.getState().hiddenStudies).toEqual(['x']);
    store.getState().toggleStudy('x');
    expect(store.getState().hiddenStudies).toEqual([]);
    store.getState().toggleStudy('y');
    store.getState().resetFilters();
    expect(store.getState()).toMatchObject({ hiddenStudies: [], designChoices: [] });
  });
});
