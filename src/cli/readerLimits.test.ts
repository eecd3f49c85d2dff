/**
 * Every reader of a person's files states its limits as data (src/refusal/readerLimits.ts): each
 * number with its unit and the reason for it, and the README's table names each limits object, so
 * a limit cannot appear or change without its reason in view.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GRID_LIMITS } from '../grid/gridLimits.ts';
import { JPEG_LIMITS } from '../imaging/codecs/jpegBaseline.ts';
import { DICOM_DEFLATE_LIMITS } from '../imaging/dicomDeflate.ts';
import { PNG_LIMITS } from '../imaging/pngCheck.ts';
import { limitValues, type ReaderLimits } from '../refusal/readerLimits.ts';
import { CSV_LIMITS } from '../study/csvTable.ts';
import { RESULTS_JSON_LIMITS } from '../study/importResults.ts';
import { BOOTSTRAP_LIMITS } from '../study/stats/bootstrap.ts';
import { ZIP_LIMITS } from '../worker/datasets/zipStore.ts';
import { PICKLE_LIMITS } from '../zoo/weights/pickleReader.ts';
import { SAFETENSORS_LIMITS } from '../zoo/weights/safetensors.ts';
import { CHECKPOINT_LIMITS, TORCH_LIMITS } from '../zoo/weights/torchLimits.ts';
import { COLLECT_LIMITS } from './collect.ts';
import { NPY_LIMITS } from './npy.ts';
import { MODEL_INPUT_LIMITS, NPY_INPUT_LIMITS } from './torchInputs.ts';

const READERS: Readonly<Record<string, ReaderLimits>> = {
  PNG_LIMITS,
  JPEG_LIMITS,
  DICOM_DEFLATE_LIMITS,
  ZIP_LIMITS,
  CSV_LIMITS,
  RESULTS_JSON_LIMITS,
  GRID_LIMITS,
  COLLECT_LIMITS,
  BOOTSTRAP_LIMITS,
  CHECKPOINT_LIMITS,
  PICKLE_LIMITS,
  SAFETENSORS_LIMITS,
  NPY_LIMITS,
  MODEL_INPUT_LIMITS,
};

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe.each(Object.entries(READERS))('%s', (name, limits) => {
  it('gives every limit a positive value, a unit and a reason', () => {
    for (const [key, limit] of Object.entries(limits)) {
      expect(limit.value, key).toBeGreaterThan(0);
      expect(limit.unit, key).not.toBe('');
      expect(limit.why.length, key).toBeGreaterThan(40);
    }
  });
  it('is in the README table', () => {
    expect(README).toContain(`\`${name}\``);
  });
});

describe('limitValues', () => {
  it('gives the same numbers under the same names, for checks made before a reader runs', () => {
    expect(TORCH_LIMITS.maxFileBytes).toBe(CHECKPOINT_LIMITS.maxFileBytes.value);
    expect(Object.keys(TORCH_LIMITS)).toEqual(Object.keys(CHECKPOINT_LIMITS));
    expect(NPY_INPUT_LIMITS).toEqual({
      maxSide: MODEL_INPUT_LIMITS.maxSide.value,
      maxPixels: MODEL_INPUT_LIMITS.maxPixels.value,
    });
    expect(limitValues({ a: { value: 3, unit: 'x', why: '' } })).toEqual({ a: 3 });
  });
});
