/**
 * PyTorch parity of full-size chest-X-ray checkpoints: TorchXRayVision's DenseNet-121 class saved
 * as a whole module (legacy and zip) and as a state dict, and its 1-channel ResNet-50 at 512 px,
 * with synthetic weights, rebuilt byte for byte from their recipes (see
 * scripts/fixtures/xrv_fixtures.py). Each is read, detected (no architecture given), built,
 * loaded, and run on both inference paths (LayersModel and fused) on the WASM backend.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIG_FIXTURES, rebuildBigFixture, xrvSyntheticInput } from '../../test/torchFixtures.ts';
import { compileFused } from '../fused.ts';
import { modelFromCheckpoint } from './loadCheckpoint.ts';

beforeAll(async () => {
  await tf.setBackend('wasm');
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

/** Parity of every fixture, printed for the report. */
const measured: Record<string, { layers: number; fused: number }> = {};
afterAll(() => console.log('parity (max |logit - PyTorch| / max |logit|):', measured));

const relErr = (got: ArrayLike<number>, want: readonly number[], scale: number): number =>
  want.reduce((m, v, i) => Math.max(m, Math.abs((got[i] ?? NaN) - v)), 0) / scale;

describe.each(BIG_FIXTURES)('%s', (name) => {
  it('is detected, loads completely and gives PyTorch logits within 1e-4 of max |logit|', async () => {
    const { bytes, facts } = rebuildBigFixture(name);
    const loaded = modelFromCheckpoint(bytes);
    const { model, detected } = loaded;
    try {
      expect(detected).toMatchObject({ inChannels: 1, numClasses: 18 });
      expect(detected.arch).toBe(name.includes('resnet50') ? 'resnet50' : 'densenet121');
      expect(loaded.checkpoint.content).toBe(name.includes('module') ? 'module' : 'state_dict');
      expect(loaded.checkpoint.format).toBe(name.includes('legacy') ? 'legacy' : 'zip');
      expect(loaded.report.missing).toEqual([]);
      expect(loaded.headLoaded).toBe(true);
      const size = facts.inputSize;
      const x = tf.tensor4d(xrvSyntheticInput(size), [1, size, size, 1]);
      const fused = compileFused(model, detected.arch, { numClasses: 18, inputSize: size });
      const layers = await (model.predict(x) as tf.Tensor).data();
      const compiled = fused.predict(x);
      const fusedOut = await compiled.data();
      tf.dispose([x, compiled]);
      fused.dispose();
      measured[name] = {
        layers: relErr(layers, facts.logits, facts.maxAbsLogit),
        fused: relErr(fusedOut, facts.logits, facts.maxAbsLogit),
      };
      expect(measured[name]?.layers).toBeLessThan(1e-4);
      expect(measured[name]?.fused).toBeLessThan(1e-4);
    } finally {
      model.dispose();
    }
  });
});
