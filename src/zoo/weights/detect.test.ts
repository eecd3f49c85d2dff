import { describe, expect, it } from 'vitest';
import { CHEST_MODELS } from '../chestCatalog.ts';
import { chestCandidates, detectModel, isComplete } from './detect.ts';
import { parseSafetensors, writeSafetensors, type SafetensorsEntry } from './safetensors.ts';
import { syntheticStateDict } from './synthetic.ts';

/** Shapes only: detection never reads values. */
function entries(shapes: Record<string, number[]>): Map<string, SafetensorsEntry> {
  return new Map(
    Object.entries(shapes).map(([name, shape]) => [
      name,
      { name, dtype: 'F32', shape, byteOffset: 0, byteLength: 0 } as const,
    ]),
  );
}

function fileOf(arch: string, scheme: 'timm' | 'torchvision'): Map<string, SafetensorsEntry> {
  return new Map(parseSafetensors(writeSafetensors(syntheticStateDict(arch, scheme))).tensors);
}

describe('detectModel', () => {
  it.each([
    ['resnet50', 'timm'],
    ['densenet121', 'timm'],
    ['efficientnet_b0', 'torchvision'],
    ['mobilenetv3_large_100', 'torchvision'],
    ['inception_v4', 'timm'],
  ] as const)('finds %s (%s names), 3 channels, 1000 classes', (arch, scheme) => {
    const d = detectModel(fileOf(arch, scheme));
    expect(d).toMatchObject({ arch, scheme, inChannels: 3, numClasses: 1000 });
    expect(d && isComplete(d)).toBe(true);
  });

  it("reads a 1-channel, 18-output DenseNet-121 as TorchXRayVision's shape", () => {
    const file = fileOf('densenet121', 'timm');
    const shapes: Record<string, number[]> = {};
    for (const [k, e] of file) shapes[k] = [...e.shape];
    shapes['features.conv0.weight'] = [64, 1, 7, 7];
    shapes['classifier.weight'] = [18, 1024];
    shapes['classifier.bias'] = [18];
    const d = detectModel(entries(shapes));
    expect(d).toMatchObject({ arch: 'densenet121', inChannels: 1, numClasses: 18 });
    expect(d && isComplete(d)).toBe(true);
    if (d === null) return;
    expect(chestCandidates(d).map((m) => m.id)).toEqual(
      CHEST_MODELS.filter((m) => m.arch === 'densenet121').map((m) => m.id),
    );
    // the published file name picks its weight set
    expect(
      chestCandidates(d, 'chex-densenet121-d121-tw-lr001-rot45-tr15-sc15-seed0-best.pt')[0]?.id,
    ).toBe('densenet121-res224-chex');
  });

  it('says how much of a partial file matches, and returns null without any stem', () => {
    const file = fileOf('resnet18', 'timm');
    file.delete('layer4.1.conv2.weight');
    const d = detectModel(file);
    expect(d).toMatchObject({ arch: 'resnet18', matched: (d?.expected ?? 0) - 1 });
    expect(detectModel(entries({ 'foo.weight': [3, 3] }))).toBeNull();
  });
});
