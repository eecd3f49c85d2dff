import { describe, expect, it } from 'vitest';
import { createAppStore } from './store.ts';
import { loadFromHash, permalinkStateOf } from './urlSync.ts';
import { defaultPermalinkState, encodePermalink } from './permalink.ts';

const FAMILIES = ['DenseNet', 'ResNet', 'EfficientNet'];

describe('filter slice', () => {
  it('toggles a family on and off', () => {
    const store = createAppStore();
    store.getState().toggleFamily('ResNet');
    expect(store.getState().hiddenFamilies).toEqual(['ResNet']);
    store.getState().toggleFamily('ResNet');
    expect(store.getState().hiddenFamilies).toEqual([]);
  });

  it('isolates a family, and isolating it again shows all', () => {
    const store = createAppStore();
    store.getState().isolateFamily('ResNet', FAMILIES);
    expect(store.getState().hiddenFamilies).toEqual(['DenseNet', 'EfficientNet']);
    store.getState().isolateFamily('ResNet', FAMILIES);
    expect(store.getState().hiddenFamilies).toEqual([]);
  });

  it('changing study clears the architecture selection', () => {
    const store = createAppStore();
    store.getState().setSelectedArchs(['resnet18']);
    store.getState().selectStudy('bliznashki_github_chexpert');
    expect(store.getState().selectedArchs).toEqual([]);
  });
});

describe('loadFromHash', () => {
  it('applies a link to the store', () => {
    const store = createAppStore();
    const state = {
      ...defaultPermalinkState(),
      condition: 'random' as const,
      top1Set: 'timm' as const,
    };
    loadFromHash(store, `#${encodePermalink(state)}`);
    expect(permalinkStateOf(store.getState())).toEqual(state);
    expect(store.getState().linkMessage).toBeNull();
  });

  it('a garbled link shows the default view and a message', () => {
    const store = createAppStore();
    store.getState().setCondition('random');
    loadFromHash(store, '#v=1&d=garbage!!');
    expect(permalinkStateOf(store.getState())).toEqual(defaultPermalinkState());
    expect(store.getState().linkMessage?.sentence).toMatch(/damaged/);
    store.getState().dismissLinkMessage();
    expect(store.getState().linkMessage).toBeNull();
  });
});
