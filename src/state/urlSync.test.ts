import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decodePermalink, defaultPermalinkState, encodePermalink } from './permalink.ts';
import { makeRun } from '../study/testing/runs.ts';
import { runSummary } from '../study/runs.ts';
import { memoryRunsStorage } from './runsDb.ts';
import { createAppStore } from './store.ts';
import { WRITE_DELAY_MS, startUrlSync } from './urlSync.ts';

describe('startUrlSync', () => {
  let stop: () => void = () => undefined;
  beforeEach(() => {
    vi.useFakeTimers();
    history.replaceState(null, '', '/');
  });
  afterEach(() => {
    stop();
    vi.useRealTimers();
  });

  it('reads the hash on start', () => {
    const state = { ...defaultPermalinkState(), top1Set: 'timm' as const };
    history.replaceState(null, '', `/#${encodePermalink(state)}`);
    const store = createAppStore();
    stop = startUrlSync(store);
    expect(store.getState().top1Set).toBe('timm');
  });

  it('writes the hash once the store has been quiet for the debounce delay', () => {
    const store = createAppStore();
    stop = startUrlSync(store);
    store.getState().setCondition('random');
    store.getState().toggleFamily('ResNet');
    expect(location.hash).toBe('');
    vi.advanceTimersByTime(WRITE_DELAY_MS);
    const decoded = decodePermalink(location.hash);
    expect(decoded.ok && decoded.state).toMatchObject({
      condition: 'random',
      hiddenFamilies: ['ResNet'],
    });
  });

  it('a garbled hash on hashchange shows a message and the default view, without throwing', () => {
    const store = createAppStore();
    stop = startUrlSync(store);
    store.getState().setCondition('random');
    history.replaceState(null, '', '/#v=1&d=%%%');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(store.getState().condition).toBe('both');
    expect(store.getState().linkMessage?.sentence).toMatch(/damaged/);
  });

  it('runs in a link become shared runs, not stored; own and shared runs both go into the link', async () => {
    const storage = memoryRunsStorage();
    const theirs = runSummary(makeRun({ id: 'theirs' }));
    const state = { ...defaultPermalinkState(), runs: [theirs] };
    history.replaceState(null, '', `/#${encodePermalink(state)}`);
    const store = createAppStore(storage);
    stop = startUrlSync(store);
    expect(store.getState().sharedRuns).toEqual([theirs]);
    expect((await storage.list()).runs).toEqual([]);
    await store.getState().addRun(makeRun({ id: 'mine', finishedAt: '2026-11-27T00:00:00Z' }));
    vi.advanceTimersByTime(WRITE_DELAY_MS);
    const decoded = decodePermalink(location.hash);
    expect(decoded.ok && decoded.state.runs.map((r) => r.id)).toEqual(['mine', 'theirs']);
  });
});
