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

describe('lab slice: the comparison', () => {
  it('keeps at most three others, never the Lab architecture itself, no duplicates', () => {
    const store = createAppStore();
    store
      .getState()
      .setLabCompare(['densenet121', 'resnet50', 'resnet50', 'resnet18', 'mnasnet_100']);
    expect(store.getState().labCompare).toEqual(['resnet50', 'resnet18', 'mnasnet_100']);
    store.getState().setLabCompare(['resnet50', 'resnet18', 'mnasnet_100', 'efficientnet_b0']);
    expect(store.getState().labCompare).toEqual(['resnet50', 'resnet18', 'mnasnet_100']);
  });

  it('picking a compared architecture for the Lab takes it out of the comparison', () => {
    const store = createAppStore();
    store.getState().setLabCompare(['resnet50', 'resnet18']);
    store.getState().selectLabArch('resnet50');
    expect(store.getState().labArch).toBe('resnet50');
    expect(store.getState().labCompare).toEqual(['resnet18']);
  });

  it('a link whose comparison names the Lab architecture drops it', () => {
    const store = createAppStore();
    const state = {
      ...defaultPermalinkState(),
      labArch: 'resnet18' as const,
      labCompare: ['resnet18' as const, 'resnet50' as const],
    };
    loadFromHash(store, `#${encodePermalink(state)}`);
    expect(store.getState().labCompare).toEqual(['resnet50']);
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
