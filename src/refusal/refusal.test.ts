import { describe, expect, it } from 'vitest';
import { ImagingError } from '../imaging/errors.ts';
import { SafetensorsError } from '../zoo/weights/safetensors.ts';
import { EXIT_CODE, isRefusal, RefusalError, refusalLine, toRefusal } from './refusal.ts';

describe('the one refusal shape', () => {
  it('keeps the sentence and the detail apart, and joins them in message', () => {
    const e = new RefusalError('bad-input', 'truncated', 'This file ends early.', {
      detail: 'lib: read past end',
    });
    expect([e.code, e.kind, e.sentence, e.detail]).toEqual([
      'truncated',
      'bad-input',
      'This file ends early.',
      'lib: read past end',
    ]);
    expect(e.message).toBe('This file ends early. (lib: read past end)');
    expect(new RefusalError('bad-input', 'x', 'Plain.').message).toBe('Plain.');
  });

  it('crosses a structured clone as plain data and is still recognised', () => {
    const e = new ImagingError('too-large', 'Too big.', { detail: 'PNG IHDR: width 9' });
    expect(isRefusal(e)).toBe(true);
    const plain = structuredClone(toRefusal(e));
    expect(plain).toEqual({
      code: 'too-large',
      kind: 'bad-input',
      sentence: 'Too big.',
      detail: 'PNG IHDR: width 9',
    });
    expect(isRefusal(plain)).toBe(true);
    expect(isRefusal(new Error('x'))).toBe(false);
    expect(isRefusal({ ...plain, kind: 'unknown-kind' })).toBe(false);
  });

  it("every module's errors are refusals of their kind: imaging bad input, weights wrong weights", () => {
    const weights = new SafetensorsError('TRUNCATED', 'data ends at byte 9');
    expect([weights.kind, weights.code, weights.detail]).toEqual([
      'wrong-weights',
      'TRUNCATED',
      'safetensors: data ends at byte 9',
    ]);
    expect(weights.sentence).not.toMatch(/safetensors:/);
    expect(EXIT_CODE).toEqual({ 'bad-input': 2, 'wrong-weights': 3, 'out-of-distribution': 4 });
  });

  it('prints one line for the command line: sentence, code, detail', () => {
    const line = refusalLine({
      code: 'truncated',
      kind: 'bad-input',
      sentence: 'This PNG file ends early.',
      detail: 'no IEND\nchunk',
    });
    expect(line).toBe('This PNG file ends early. [truncated] Detail: no IEND chunk');
    expect(line).not.toMatch(/\n/);
  });
});
