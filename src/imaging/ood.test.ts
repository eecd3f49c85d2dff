import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeImage } from './decode.ts';
import { checkOutOfDistribution } from './ood.ts';
import type { DecodedImage, ImageSource } from './types.ts';
import { XRAYS_DIR } from '../test/testData.ts';

const XRAYS = XRAYS_DIR;
const decodeFile = async (name: string): Promise<DecodedImage> =>
  decodeImage(new Uint8Array(readFileSync(path.join(XRAYS, name))));

const CHESTS = [
  'mhh_fff13f3a_cr_pa.png',
  'nih_00000001_000.png',
  'nih_00000002_000.png',
  'nih_00004387_000.png',
  'nih_00004979_000.png',
  'nih_00008569_000.png',
  'nih_00013085_000.png',
  'nih_gcp_dx_chest_cardiomegaly_00000001_000.dcm',
  'nih_gcp_dx_chest_cardiomegaly_00000001_000_jpeglosslessSV1_DERIVED.dcm',
];

const codes = (image: DecodedImage): string[] =>
  checkOutOfDistribution(image).reasons.map((r) => r.code);

describe('checkOutOfDistribution on the shared files', () => {
  it.each(CHESTS)('%s (a chest radiograph) is not flagged', async (file) => {
    const result = checkOutOfDistribution(await decodeFile(file));
    expect(result.reasons).toEqual([]);
    expect(result.flagged).toBe(false);
  });

  it('flags the MR by its modality', async () => {
    const result = checkOutOfDistribution(await decodeFile('nema_MR2_mr_j2k.dcm'));
    expect(result.flagged).toBe(true);
    expect(result.reasons.map((r) => r.code)).toContain('modality');
  });

  it('flags the tibia CR by Body Part Examined (EXTREMITY) and by its small collimated field', async () => {
    const image = await decodeFile('nema_RG3_cr_tibia_mono1_j2k.dcm');
    expect(codes(image)).toEqual(['body-part', 'small-field']);
    expect(checkOutOfDistribution(image).reasons[0]?.message).toMatch(/EXTREMITY/);
    // Without the header, the collimation signal alone still flags it.
    const source = { ...image.source };
    delete source.bodyPartExamined;
    expect(codes({ ...image, source })).toEqual(['small-field']);
  });

  it('flags the rocket photo as colour', async () => {
    expect(codes(await decodeFile('photo_rocket_publicdomain.jpg'))).toContain('colour');
  });
});

describe('checkOutOfDistribution rules', () => {
  function synthetic(
    width: number,
    height: number,
    f: (i: number) => number,
    source: Partial<ImageSource> = {},
  ): DecodedImage {
    return {
      width,
      height,
      channels: 1,
      bitsStored: 8,
      data: Uint8Array.from({ length: width * height }, (_, i) => f(i)),
      photometric: 'MONOCHROME2',
      source: { format: 'dicom', identifying: [], ...source },
      notes: [],
    };
  }
  // A plausible grey spread: mean ≈ 0.5, no dominant level.
  const ramp = (i: number): number => (i * 37) % 256;

  it('accepts a plausible synthetic radiograph with chest headers', () => {
    const img = synthetic(40, 48, ramp, {
      modality: 'CR',
      bodyPartExamined: 'CHEST',
      viewPosition: 'PA',
    });
    expect(checkOutOfDistribution(img).flagged).toBe(false);
  });

  it.each([
    [{ modality: 'CT' }, 'modality'],
    [{ modality: 'OT' }, 'modality'],
    [{ bodyPartExamined: 'HAND' }, 'body-part'],
    [{ viewPosition: 'LL' }, 'view-position'],
  ] as const)('header %o → %s', (source, code) => {
    expect(codes(synthetic(40, 48, ramp, source))).toEqual([code]);
  });

  it('flags an implausible aspect ratio but not a landscape chest', () => {
    expect(codes(synthetic(100, 30, ramp))).toEqual(['aspect-ratio']);
    expect(codes(synthetic(48, 40, ramp))).toEqual([]);
  });

  it('flags flat, too dark and too bright images', () => {
    expect(codes(synthetic(40, 40, (i) => (i % 10 === 0 ? 200 : 128)))).toContain('flat-intensity');
    expect(codes(synthetic(40, 40, (i) => i % 20))).toContain('too-dark');
    expect(codes(synthetic(40, 40, (i) => 235 + (i % 20)))).toContain('too-bright');
    // 40 % of pixels at full white, the rest a normal spread: collimated.
    expect(codes(synthetic(40, 40, (i) => (i % 5 < 2 ? 255 : ramp(i))))).toContain('small-field');
    expect(codes(synthetic(40, 40, (i) => (i % 5 < 1 ? 255 : ramp(i))))).not.toContain(
      'small-field',
    );
  });

  it('does not call a grey image stored as RGB colour', () => {
    const grey = synthetic(40, 40, ramp);
    const rgb: DecodedImage = {
      ...grey,
      channels: 3,
      photometric: 'RGB',
      // JPEG-like chroma noise of ±3 levels.
      data: Uint8Array.from({ length: 40 * 40 * 3 }, (_, i) =>
        Math.min(255, ramp(Math.floor(i / 3)) + (i % 3) * 3),
      ),
    };
    expect(codes(rgb)).not.toContain('colour');
  });
});
