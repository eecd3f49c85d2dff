import { describe, expect, it } from 'vitest';
import type { FilePrediction } from '../../worker/protocol.ts';
import { degenerateModels } from './sanity.ts';

/** One image read by one model; `pixels` stands for the image's content. */
const read = (
  name: string,
  probabilities: number[],
  pixels: number,
  outputs = probabilities.map((_, k) => `finding ${k}`),
): FilePrediction => ({
  name,
  status: 'ok',
  thumbnail: { width: 2, height: 1, channels: 1, data: new Uint8ClampedArray([pixels, 7]) },
  predictions: [
    {
      modelId: 'm',
      status: 'trained',
      outputs,
      probabilities,
      logits: [],
      crop: { x: 0, y: 0, width: 1, height: 1 },
      saliency: [],
    },
  ],
});

describe('degenerateModels', () => {
  it('flags a model saturated on two images, not on one', () => {
    const one = [read('a.png', [0, 1, 0.0004, 0.9999], 1)];
    expect(degenerateModels(one).size).toBe(0);
    const two = [...one, read('b.png', [1, 1, 0, 0.0009], 2)];
    expect(degenerateModels(two).get('m')).toBe('every output within 0.001 of 0 or 1 on 2 images');
  });

  it('ignores outputs the model was not trained for', () => {
    const outputs = ['Atelectasis', '', 'Edema'];
    const images = [read('a.png', [0, 0.5, 1], 1, outputs), read('b.png', [1, 0.3, 0], 2, outputs)];
    expect(degenerateModels(images).has('m')).toBe(true);
  });

  it('flags identical outputs for different images, not for the same image read twice', () => {
    const same = [read('a.png', [0.2, 0.4], 1), read('a copy.dcm', [0.2, 0.4], 1)];
    expect(degenerateModels(same).size).toBe(0);
    const different = [read('a.png', [0.2, 0.4], 1), read('b.png', [0.2, 0.4], 2)];
    expect(degenerateModels(different).get('m')).toBe(
      'identical outputs for different images (a.png, b.png)',
    );
  });

  it('leaves graded, differing outputs alone, and skips refused files', () => {
    const images = [
      read('a.png', [0.12, 0.73], 1),
      read('b.png', [0.31, 0.44], 2),
      { name: 'c.dcm', status: 'error', predictions: [] } as FilePrediction,
    ];
    expect(degenerateModels(images).size).toBe(0);
  });
});
