import { describe, expect, it } from 'vitest';
import { buildPathIndex } from './pathMatch.ts';

const CSV = 'CheXpert-v1.0-small/train/patient00001/study1/view1_frontal.jpg';

describe('buildPathIndex', () => {
  it('finds a file under deeper folders than the CSV path', () => {
    const deep = 'Downloads/data/CheXpert-v1.0-small/train/patient00001/study1/view1_frontal.jpg';
    expect(buildPathIndex([deep, 'x/y.png']).find(CSV)).toBe(deep);
  });

  it('finds nothing when two files match equally well', () => {
    const a = 'A/train/patient00001/study1/view1_frontal.jpg';
    const b = 'B/train/patient00001/study1/view1_frontal.jpg';
    expect(buildPathIndex([a, b]).find(CSV)).toBeUndefined();
    expect(buildPathIndex([a, b, `X/${CSV}`]).find(CSV)).toBe(`X/${CSV}`); // the full path wins
  });

  it('counts the indexed paths and ignores empty ones', () => {
    expect(buildPathIndex(['a/b.png', '', './', 'c.png']).size).toBe(2);
  });
});
