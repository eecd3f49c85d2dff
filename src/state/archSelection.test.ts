import { describe, expect, it } from 'vitest';
import { NO_ARCHS, selectionOf, shownArchs, toggleArch } from './archSelection.ts';

const ARCHS = ['densenet121', 'resnet18', 'resnet50', 'vgg16'];

describe('architecture selection', () => {
  it.each([
    [[], ARCHS],
    [[NO_ARCHS], []],
    [
      ['vgg16', 'resnet18'],
      ['resnet18', 'vgg16'],
    ],
    [['resnet18', 'from-another-study'], ['resnet18']],
  ])('selected %j shows %j', (selected, shown) => {
    expect(shownArchs(selected, ARCHS)).toEqual(shown);
  });

  it('unticking one of all keeps the rest; ticking it again is "all" once more', () => {
    const one = toggleArch([], ARCHS, 'resnet50');
    expect(one).toEqual(['densenet121', 'resnet18', 'vgg16']);
    expect(toggleArch(one, ARCHS, 'resnet50')).toEqual([]);
  });

  it('unticking the last one is "none", not "all"', () => {
    expect(toggleArch(['vgg16'], ARCHS, 'vgg16')).toEqual([NO_ARCHS]);
    expect(toggleArch([NO_ARCHS], ARCHS, 'vgg16')).toEqual(['vgg16']);
  });

  it('normalises ticks to the store form', () => {
    expect(selectionOf(ARCHS, ARCHS)).toEqual([]);
    expect(selectionOf([], ARCHS)).toEqual([NO_ARCHS]);
    expect(selectionOf(['resnet50', 'resnet18'], ARCHS)).toEqual(['resnet18', 'resnet50']);
  });
});
