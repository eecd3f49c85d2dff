import { describe, expect, it } from 'vitest';
import { makeRun } from '../study/testing/runs.ts';
import type { RunsStorage } from './runsDb.ts';
import { memoryRunsStorage } from './runsDb.ts';
import { createAppStore } from './store.ts';

/** A storage whose every operation fails, as IndexedDB does in some private modes. */
const broken: RunsStorage = {
  persistent: true,
  list: () => Promise.reject(new Error('denied')),
  put: () => Promise.reject(new Error('denied')),
  remove: () => Promise.reject(new Error('denied')),
  clear: () => Promise.reject(new Error('denied')),
};

describe('runs slice', () => {
  it('adds, removes and clears, writing through to storage', async () => {
    const storage = memoryRunsStorage();
    const store = createAppStore(storage);
    await store.getState().addRun(makeRun({ id: 'a' }));
    await store.getState().addRun(makeRun({ id: 'b' }));
    await store.getState().addRun(makeRun({ id: 'a', meanAuc: 0.5 }));
    expect(store.getState().runs.map((r) => [r.id, r.meanAuc])).toEqual([
      ['b', 0.8123],
      ['a', 0.5],
    ]);
    await store.getState().removeRun('b');
    expect((await storage.list()).runs.map((r) => r.id)).toEqual(['a']);
    await store.getState().clearRuns();
    expect(store.getState().runs).toEqual([]);
    expect((await storage.list()).runs).toEqual([]);
  });

  it('loads stored runs and keeps ones added meanwhile', async () => {
    const store = createAppStore(memoryRunsStorage([makeRun({ id: 'stored' })]));
    store.setState({ runs: [makeRun({ id: 'new' })] });
    await store.getState().loadRuns();
    expect(store.getState().runs.map((r) => r.id)).toEqual(['stored', 'new']);
    expect(store.getState().runsStatus).toBe('memory');
  });

  it('falls back to memory with a notice when storage fails', async () => {
    const store = createAppStore(broken);
    await store.getState().loadRuns();
    expect(store.getState().runsStatus).toBe('memory');
    expect(store.getState().runsNotice).toMatch(/this session only/);
    await store.getState().addRun(makeRun());
    expect(store.getState().runs).toHaveLength(1);
  });

  it('a failing write keeps the run in memory and says so', async () => {
    const store = createAppStore({ ...memoryRunsStorage(), put: broken.put });
    await store.getState().addRun(makeRun());
    expect(store.getState().runs).toHaveLength(1);
    expect(store.getState().runsStatus).toBe('memory');
  });

  it('runs from a link are shared until kept; own runs are not duplicated', async () => {
    const storage = memoryRunsStorage();
    const store = createAppStore(storage);
    await store.getState().addRun(makeRun({ id: 'mine' }));
    store.getState().setSharedRuns([makeRun({ id: 'mine' }), makeRun({ id: 'theirs' })]);
    expect(store.getState().sharedRuns.map((r) => r.id)).toEqual(['theirs']);
    expect((await storage.list()).runs.map((r) => r.id)).toEqual(['mine']);
    await store.getState().keepSharedRun('theirs');
    expect(store.getState().sharedRuns).toEqual([]);
    expect((await storage.list()).runs.map((r) => r.id)).toEqual(['mine', 'theirs']);
  });

  it('toggles chart visibility', () => {
    const store = createAppStore(memoryRunsStorage());
    store.getState().toggleRunsVisible();
    expect(store.getState().runsVisible).toBe(false);
  });
});
