import { describe, expect, it } from 'vitest';
import { createControl } from './trainControl.ts';

describe('training control', () => {
  it('a paused gate opens for an evaluation request, and stays paused after it', async () => {
    const changes: boolean[] = [];
    const control = createControl((paused) => changes.push(paused));
    control.pause();
    let passed = false;
    const gate = control.gate().then(() => (passed = true));
    await Promise.resolve();
    expect(passed).toBe(false);
    control.requestEvaluation();
    await gate;
    expect(control.takeEvaluationRequest()).toBe(true);
    expect(control.takeEvaluationRequest()).toBe(false); // taken once
    expect(control.paused).toBe(true);
    expect(changes).toEqual([true]); // no 'resumed': the run is still paused
    const second = control.gate();
    control.resume();
    await second;
    expect(changes).toEqual([true, true, false]);
  });

  it('an unpaused gate returns at once, and stop releases a paused one', async () => {
    const control = createControl();
    await control.gate();
    control.pause();
    const gate = control.gate();
    control.stop();
    await gate;
    expect(control.stopRequested).toBe(true);
  });
});
