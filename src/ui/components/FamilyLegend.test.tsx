/**
 * The family legend never loses a click: seeded random sequences of clicks, double-clicks,
 * keyboard presses, "only" presses and resets, checked after every event against a plain model
 * of what the legend should show. No timer is ever pending, so nothing can land late.
 */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useStore } from '../../state/store.ts';
import { mulberry32 } from '../../study/stats/prng.ts';
import { FamilyLegend } from './FamilyLegend.tsx';

const FAMILIES = ['DenseNet', 'ResNet', 'VGG', 'AlexNet', 'EfficientNet'] as const;

type Action = { type: 'click' | 'double' | 'key' | 'only'; family: string } | { type: 'reset' };

/** The expected legend, written without the store: a set of hidden families. */
class Model {
  hidden = new Set<string>();
  apply(a: Action): void {
    if (a.type === 'reset') this.hidden.clear();
    else if (a.type === 'only') {
      const shown = FAMILIES.filter((f) => !this.hidden.has(f));
      const alone = shown.length === 1 && shown[0] === a.family;
      this.hidden = new Set(alone ? [] : FAMILIES.filter((f) => f !== a.family));
    } else {
      // A double-click is two clicks, and each lands.
      for (let i = 0; i < (a.type === 'double' ? 2 : 1); i++) {
        if (!this.hidden.delete(a.family)) this.hidden.add(a.family);
      }
    }
  }
}

function randomAction(rand: () => number): Action {
  const family = FAMILIES[Math.floor(rand() * FAMILIES.length)] ?? 'VGG';
  const r = rand();
  if (r < 0.5) return { type: 'click', family };
  if (r < 0.65) return { type: 'double', family };
  if (r < 0.75) return { type: 'key', family };
  if (r < 0.92) return { type: 'only', family };
  return { type: 'reset' };
}

// Queried by class and text, not by role: jsdom's role queries are too slow for thousands of events.
function chip(family: string): HTMLElement {
  const found = [...document.querySelectorAll<HTMLElement>('.legend-item')].find(
    (b) => b.textContent === family,
  );
  if (!found) throw new Error(`no chip for ${family}`);
  return found;
}

function perform(a: Action): void {
  if (a.type === 'reset') {
    act(() => useStore.getState().resetFilters());
    return;
  }
  if (a.type === 'only') {
    const button = chip(a.family).parentElement?.querySelector('.legend-only');
    if (!button) throw new Error(`no "only" button for ${a.family}`);
    fireEvent.click(button);
    return;
  }
  // What a browser sends: detail counts the clicks of a double-click; a key press has detail 0.
  if (a.type === 'key') fireEvent.click(chip(a.family), { detail: 0 });
  else fireEvent.click(chip(a.family), { detail: 1 });
  if (a.type === 'double') {
    fireEvent.click(chip(a.family), { detail: 2 });
    fireEvent.doubleClick(chip(a.family), { detail: 2 });
  }
}

function shown(): Record<string, boolean> {
  return Object.fromEntries(
    FAMILIES.map((f) => [f, chip(f).getAttribute('aria-pressed') === 'true']),
  );
}

beforeEach(() => {
  vi.useFakeTimers();
  useStore.getState().resetFilters();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('FamilyLegend', () => {
  it('a click shows at once, with no timer left to fire later', () => {
    render(<FamilyLegend families={FAMILIES} />);
    fireEvent.click(chip('VGG'), { detail: 1 });
    expect(chip('VGG').getAttribute('aria-pressed')).toBe('false');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('the issue’s sequence: hide VGG, show VGG, click AlexNet at once, then reset', () => {
    render(<FamilyLegend families={FAMILIES} />);
    fireEvent.click(chip('VGG'), { detail: 1 });
    fireEvent.click(chip('VGG'), { detail: 1 });
    fireEvent.click(chip('AlexNet'), { detail: 1 });
    expect(useStore.getState().hiddenFamilies).toEqual(['AlexNet']);
    act(() => useStore.getState().resetFilters());
    act(() => vi.advanceTimersByTime(2000));
    expect(useStore.getState().hiddenFamilies).toEqual([]);
  });

  it('"only" shows one family alone and, pressed again, shows all', () => {
    render(<FamilyLegend families={FAMILIES} />);
    fireEvent.click(screen.getByLabelText('Show only ResNet'));
    expect(shown()).toEqual({
      DenseNet: false,
      ResNet: true,
      VGG: false,
      AlexNet: false,
      EfficientNet: false,
    });
    fireEvent.click(screen.getByLabelText('Show all families again'));
    expect(useStore.getState().hiddenFamilies).toEqual([]);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'seeded random sequence %i matches the model after every event',
    (seed) => {
      render(<FamilyLegend families={FAMILIES} />);
      const rand = mulberry32(seed);
      const model = new Model();
      for (let step = 0; step < 150; step++) {
        const action = randomAction(rand);
        perform(action);
        model.apply(action);
        const expected = Object.fromEntries(FAMILIES.map((f) => [f, !model.hidden.has(f)]));
        expect(shown(), `step ${step}: ${JSON.stringify(action)}`).toEqual(expected);
        expect(vi.getTimerCount()).toBe(0);
      }
    },
  );
});
