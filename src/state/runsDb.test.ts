import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { makeRun } from '../study/testing/runs.ts';
import { idbRunsStorage, memoryRunsStorage } from './runsDb.ts';

let n = 0;
const freshDb = () => idbRunsStorage(`runs-test-${(n += 1)}`);

describe('IndexedDB runs storage (fake-indexeddb)', () => {
  it('adds, lists oldest first, deletes and clears', async () => {
    const db = freshDb();
    const late = makeRun({ id: 'b', finishedAt: '2026-11-26T03:00:00Z' });
    const early = makeRun({ id: 'a', finishedAt: '2026-11-25T03:00:00Z', modelId: 'm' });
    await db.put(late);
    await db.put(early);
    expect(await db.list()).toEqual({ runs: [early, late], skipped: 0 });
    await db.remove('b');
    expect((await db.list()).runs.map((r) => r.id)).toEqual(['a']);
    await db.clear();
    expect((await db.list()).runs).toEqual([]);
  });

  it('keeps runs across connections (a reload)', async () => {
    const name = `runs-test-reload-${(n += 1)}`;
    await idbRunsStorage(name).put(makeRun());
    expect((await idbRunsStorage(name).list()).runs).toEqual([makeRun()]);
  });

  it('skips stored records that fail validation, and counts them', async () => {
    const db = freshDb();
    await db.put(makeRun());
    await db.put({ ...makeRun({ id: 'bad' }), meanAuc: 7 });
    expect(await db.list()).toEqual({ runs: [makeRun()], skipped: 1 });
  });
});

describe('memory runs storage', () => {
  it('behaves like the IndexedDB one but is not persistent', async () => {
    const mem = memoryRunsStorage([makeRun({ id: 'x' })]);
    expect(mem.persistent).toBe(false);
    await mem.put(makeRun({ id: 'y', finishedAt: '2027-01-01T00:00:00Z' }));
    await mem.remove('x');
    expect((await mem.list()).runs.map((r) => r.id)).toEqual(['y']);
  });
});
