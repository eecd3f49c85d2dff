/**
 * A checkpoint as the backbone of an in-domain run (a grid's chest-X-ray initialisation): the
 * run's architecture, complete, one input channel; TorchXRayVision's operating points left out;
 * every other file refused with a coded 'wrong-weights' refusal.
 */
import { describe, expect, it } from 'vitest';
import { isRefusal, type Refusal } from '../../refusal/refusal.ts';
import { rebuildBigFixture } from '../../test/torchFixtures.ts';
import { buildModel } from '../build.ts';
import { CHECKPOINT_MODEL_SENTENCES } from './checkpointMessages.ts';
import { chestBackbone, checkChestBackbone } from './loadCheckpoint.ts';
import { parseSafetensors } from './safetensors.ts';
import { saveWeights } from './save.ts';
import { readTorchCheckpoint } from './torchCheckpoint.ts';

function refusalOf(f: () => unknown): Refusal {
  try {
    f();
  } catch (e) {
    if (isRefusal(e)) return e;
    throw e;
  }
  throw new Error('nothing was refused');
}

/** A complete resnet18 state dict (timm names) with `inChannels` input channels and 18 outputs. */
function resnet18File(inChannels: number) {
  const model = buildModel('resnet18', { numClasses: 18, inChannels, initializer: 'zeros' });
  const bytes = saveWeights(model, 'resnet18', { numClasses: 18 });
  model.dispose();
  return parseSafetensors(bytes);
}

describe('checkChestBackbone', () => {
  it('takes a 1-channel network of the run architecture, its operating points left out', () => {
    const file = resnet18File(1);
    const first = [...file.tensors.values()].find((e) => e.dtype === 'F32' && e.byteLength >= 72);
    if (first === undefined) throw new Error('no float tensor');
    // a TorchXRayVision module's op_threshs buffer (18 floats) beside the network
    const op = { ...first, name: 'op_threshs', shape: [18], byteLength: 18 * 4 };
    const withOp = { ...file, tensors: new Map([...file.tensors, ['op_threshs', op]]) };
    const b = checkChestBackbone(withOp, { arch: 'resnet18' });
    expect(b.detected).toMatchObject({ arch: 'resnet18', inChannels: 1, numClasses: 18 });
    expect(b.file.tensors.has('op_threshs')).toBe(false);
    expect(b.file.tensors.size).toBe(file.tensors.size);
    expect(b.chest).toBeNull(); // TorchXRayVision publishes no resnet18
  });

  it('refuses a 3-channel network: an in-domain run is built and fed grey', () => {
    const r = refusalOf(() => checkChestBackbone(resnet18File(3), { arch: 'resnet18' }));
    expect(r).toMatchObject({
      code: 'NOT_ONE_CHANNEL',
      kind: 'wrong-weights',
      sentence: CHECKPOINT_MODEL_SENTENCES.NOT_ONE_CHANNEL,
      detail: "the file's resnet18 takes 3 input channels, not 1",
    });
  });
});

describe('chestBackbone', () => {
  it('reads a TorchXRayVision module and checks the named weight set', () => {
    const { bytes } = rebuildBigFixture('xrv_densenet121_module_zip');
    const b = chestBackbone(bytes, { arch: 'densenet121', chestId: 'densenet121-res224-chex' });
    expect(b.file.tensors.size).toBe(readTorchCheckpoint(bytes).file.tensors.size);
    expect(b.chest?.id).toBe('densenet121-res224-chex');
    expect(
      refusalOf(() => chestBackbone(bytes, { arch: 'densenet121', chestId: 'resnet50-res512-all' }))
        .code,
    ).toBe('NOT_THAT_MODEL');
    expect(refusalOf(() => chestBackbone(bytes, { arch: 'resnet50' }))).toMatchObject({
      code: 'WRONG_ARCH',
      detail: 'the file holds a densenet121, not a resnet50',
    });
  });
});
