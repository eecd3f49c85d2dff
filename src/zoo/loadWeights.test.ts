import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildModel } from './build.ts';
import { weightRefs } from './keymap.ts';
import { assignTimmWeights } from './loadWeights.ts';
import { truncatedNodes } from './plan.ts';
import { getArch } from './registry.ts';

describe('assignTimmWeights', () => {
  it('loads an ImageNet state dict into a truncated model, skipping the old head', () => {
    const id = 'mobilenetv2_100';
    const full = weightRefs(truncatedNodes(getArch(id).plan(), 0, 1000).nodes, 224);
    // a stand-in for the safetensors file: every tensor filled with 0.5, one BN missing
    const source = new Map(
      full.map((r) => [
        r.timmKey,
        {
          data: new Float32Array(r.torchShape.reduce((a, b) => a * b, 1)).fill(0.5),
          shape: r.torchShape,
        },
      ]),
    );
    source.delete('blocks.1.0.bn1.running_var');
    const model = buildModel(id, {
      numClasses: 5,
      unitsRemoved: 2,
      inputSize: 64,
      initializer: 'zeros',
    });
    const before = tf.memory().numTensors;
    const report = assignTimmWeights(model, id, { numClasses: 5, unitsRemoved: 2 }, (k) =>
      source.get(k),
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(report.skipped.sort()).toEqual([
      'blocks.1.0.bn1.running_var',
      'classifier.bias',
      'classifier.weight',
    ]);
    expect(report.loaded).toHaveLength(model.weights.length - 3);
    const conv = model.getLayer('blocks.5.0.conv_pw').getWeights()[0];
    expect(conv?.shape).toEqual([1, 1, 96, 576]);
    expect(conv?.dataSync().every((v) => v === 0.5)).toBe(true);
    expect(model.getLayer('blocks.1.0.bn1').getWeights()[3]?.dataSync()[0]).toBe(1); // initial var
    expect(model.getLayer('classifier').getWeights()[0]?.dataSync()[0]).toBe(0); // new head kept
    model.dispose();
  });
});
