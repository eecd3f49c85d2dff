/**
 * Checkpoint refusals are refusals like every other (src/refusal): kind 'wrong-weights', the plain
 * sentence of checkpointMessages.ts, the reader's or loader's own text as the detail.
 */
import { describe, expect, it } from 'vitest';
import { EXIT_CODE, isRefusal, type Refusal } from '../../refusal/refusal.ts';
import { readTorchFixture, rebuildBigFixture } from '../../test/torchFixtures.ts';
import { CHECKPOINT_MODEL_SENTENCES, TORCH_SENTENCES } from './checkpointMessages.ts';
import { CheckpointModelError, modelFromCheckpoint } from './loadCheckpoint.ts';
import { readTorchCheckpoint } from './torchCheckpoint.ts';
import { TorchCheckpointError } from './torchErrors.ts';

function refusalOf(f: () => unknown): Refusal {
  try {
    f();
  } catch (e) {
    if (isRefusal(e)) return e;
    throw e;
  }
  throw new Error('nothing was refused');
}

describe('checkpoint sentences', () => {
  it.each([...Object.entries(TORCH_SENTENCES), ...Object.entries(CHECKPOINT_MODEL_SENTENCES)])(
    '%s: one plain sentence that says what to do',
    (_code, sentence) => {
      expect(sentence).toMatch(/^[A-Z][^\n]*\.$/);
      expect(sentence).toMatch(/;/); // what is wrong; what to do (or that nothing happened)
      expect(sentence).not.toMatch(/pickle global|opcode|_rebuild|Error/);
    },
  );
});

describe('the reader refuses with a RefusalError', () => {
  it.each([
    ['bad_truncated_zip.pt', 'TRUNCATED'],
    ['bad_magic.pt', 'BAD_MAGIC'],
    ['bad_os_system.pt', 'UNSAFE_GLOBAL'],
    ['bad_out_of_bounds.pt', 'OUT_OF_BOUNDS'],
  ] as const)('%s: %s', (name, code) => {
    const r = refusalOf(() => readTorchCheckpoint(readTorchFixture(name)));
    expect(r).toBeInstanceOf(TorchCheckpointError);
    expect(r).toMatchObject({ code, kind: 'wrong-weights', sentence: TORCH_SENTENCES[code] });
    expect(r.detail).not.toBe('');
    expect(r.detail).not.toContain(r.sentence);
    expect(EXIT_CODE[r.kind]).toBe(3);
  });
});

describe('the loader refuses a readable checkpoint it cannot build with a RefusalError', () => {
  const densenet = rebuildBigFixture('xrv_densenet121_state_zip').bytes;

  it.each([
    [
      'no zoo network',
      'UNKNOWN_NETWORK',
      () => modelFromCheckpoint(readTorchFixture('small_zip.pt')),
      /stem convolution/,
    ],
    [
      'another architecture asked for',
      'WRONG_ARCH',
      () => modelFromCheckpoint(densenet, { arch: 'resnet50' }),
      /holds a densenet121, not a resnet50/,
    ],
    [
      'another published model asked for',
      'NOT_THAT_MODEL',
      () => modelFromCheckpoint(densenet, { chestId: 'resnet50-res512-all' }),
      /densenet121 with 1 input channel\(s\) and 18 outputs/,
    ],
  ] as const)('%s: %s', (_what, code, load, detail) => {
    const r = refusalOf(load);
    expect(r).toBeInstanceOf(CheckpointModelError);
    expect(r).toMatchObject({
      code,
      kind: 'wrong-weights',
      sentence: CHECKPOINT_MODEL_SENTENCES[code],
    });
    expect(r.detail).toMatch(detail);
  });
});
