import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decodePermalink, defaultPermalinkState, encodePermalink } from './permalink.ts';
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
    expect(store.getState().linkMessage).toMatch(/damaged/);
  });
});
