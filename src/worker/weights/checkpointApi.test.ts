/**
 * The worker's checkpoint loading returns refusals as plain data, the reader's code, sentence and
 * detail unchanged (what the X-ray panel shows and the CLI prints), and keeps nothing.
 */
import { describe, expect, it } from 'vitest';
import { readTorchFixture } from '../../test/torchFixtures.ts';
import { TORCH_SENTENCES } from '../../zoo/weights/checkpointMessages.ts';
import { checkpointRefusal, loadCheckpoint } from './checkpointApi.ts';
import { inDomainWeightsAvailable } from './chestMemory.ts';

const buffer = (name: string): ArrayBuffer => new Uint8Array(readTorchFixture(name)).buffer;

describe('loadCheckpoint refusals', () => {
  it.each([
    ['bad_truncated_zip.pt', 'TRUNCATED'],
    ['bad_magic.pt', 'BAD_MAGIC'],
    ['bad_os_system.pt', 'UNSAFE_GLOBAL'],
    ['bad_out_of_bounds.pt', 'OUT_OF_BOUNDS'],
  ] as const)('%s comes back as the %s refusal, structured-cloneable', async (name, code) => {
    const result = await loadCheckpoint({ source: { kind: 'buffer', buffer: buffer(name), name } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.refusal).toMatchObject({
      code,
      kind: 'wrong-weights',
      sentence: TORCH_SENTENCES[code],
    });
    expect(result.refusal.detail).not.toBe('');
    expect(structuredClone(result)).toEqual(result);
    expect(inDomainWeightsAvailable('densenet121').available).toBe(false);
  });

  it('a readable file of no zoo network is the loader refusal; anything else a build failure', async () => {
    const result = await loadCheckpoint({
      source: { kind: 'buffer', buffer: buffer('small_zip.pt'), name: 'small_zip.pt' },
    });
    expect(!result.ok && result.refusal.code).toBe('UNKNOWN_NETWORK');
    const bug = checkpointRefusal(new TypeError('x is undefined'));
    expect(bug.refusal).toMatchObject({ code: 'BUILD_FAILED', detail: 'x is undefined' });
    expect(bug.refusal.sentence).toMatch(/^The model could not be built/);
  });
});
