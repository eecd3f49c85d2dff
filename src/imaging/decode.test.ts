import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeImage } from './decode.ts';
import { ImagingError } from './errors.ts';
import type { DecodedImage } from './types.ts';
import { XRAYS_DIR } from '../test/testData.ts';

const XRAYS = XRAYS_DIR;
const read = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(XRAYS, name)));

/** What MANIFEST.md says about each image file. */
const EXPECTED = [
  { file: 'mhh_fff13f3a_cr_pa.png', w: 640, h: 691, ch: 1, bits: 8, pi: 'MONOCHROME2', fmt: 'png' },
  { file: 'nih_00000001_000.png', w: 1024, h: 1024, ch: 1, bits: 8, pi: 'MONOCHROME2', fmt: 'png' },
  { file: 'nih_00000002_000.png', w: 1024, h: 1024, ch: 1, bits: 8, pi: 'MONOCHROME2', fmt: 'png' },
  { file: 'nih_00004387_000.png', w: 1024, h: 1024, ch: 1, bits: 8, pi: 'MONOCHROME2', fmt: 'png' },
  { file: 'nih_00004979_000.png', w: 1024, h: 1024, ch: 1, bits: 8, pi: 'MONOCHROME2', fmt: 'png' },
  { file: 'nih_00008569_000.png', w: 1024, h: 1024, ch: 1, bits: 8, pi: 'MONOCHROME2', fmt: 'png' },
  { file: 'nih_00013085_000.png', w: 1024, h: 1024, ch: 1, bits: 8, pi: 'MONOCHROME2', fmt: 'png' },
  { file: 'photo_rocket_publicdomain.jpg', w: 640, h: 427, ch: 3, bits: 8, pi: 'RGB', fmt: 'jpeg' },
  {
    file: 'nih_gcp_dx_chest_cardiomegaly_00000001_000.dcm',
    w: 1024,
    h: 1024,
    ch: 1,
    bits: 8,
    pi: 'MONOCHROME2',
    fmt: 'dicom',
    ts: '1.2.840.10008.1.2',
    modality: 'DX',
    alloc: 8,
  },
  {
    file: 'nih_gcp_dx_chest_cardiomegaly_00000001_000_jpeglosslessSV1_DERIVED.dcm',
    w: 1024,
    h: 1024,
    ch: 1,
    bits: 8,
    pi: 'MONOCHROME2',
    fmt: 'dicom',
    ts: '1.2.840.10008.1.2.4.70',
    modality: 'DX',
    alloc: 8,
  },
  {
    file: 'nema_MR2_mr_j2k.dcm',
    w: 1024,
    h: 1024,
    ch: 1,
    bits: 12,
    pi: 'MONOCHROME2',
    fmt: 'dicom',
    ts: '1.2.840.10008.1.2.4.91',
    modality: 'MR',
    alloc: 16,
  },
  {
    file: 'nema_RG3_cr_tibia_mono1_j2k.dcm',
    w: 1760,
    h: 1760,
    ch: 1,
    bits: 10,
    pi: 'MONOCHROME1',
    fmt: 'dicom',
    ts: '1.2.840.10008.1.2.4.91',
    modality: 'CR',
    alloc: 16,
  },
] as const;

const timings: { file: string; ms: number }[] = [];

async function timedDecode(file: string): Promise<DecodedImage> {
  const bytes = read(file);
  const start = performance.now();
  const image = await decodeImage(bytes);
  timings.push({ file, ms: performance.now() - start });
  return image;
}

function maxOf(data: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) max = Math.max(max, data[i] ?? 0);
  return max;
}

afterAll(async () => {
  // Decode times for the benchmark table: the first decode of each file (codec module and WASM
  // load, cold JIT included) and the median of 3 further decodes.
  const lines: string[] = [];
  for (const { file, ms } of timings) {
    const bytes = read(file);
    const warm: number[] = [];
    for (let r = 0; r < 3; r++) {
      const start = performance.now();
      await decodeImage(bytes);
      warm.push(performance.now() - start);
    }
    warm.sort((a, b) => a - b);
    const median = warm[1] ?? NaN;
    lines.push(`  ${ms.toFixed(1).padStart(7)}  ${median.toFixed(1).padStart(7)}  ${file}`);
  }
  console.log(`imaging decode times (ms)\n    first   warm(median of 3)\n${lines.join('\n')}`);
});

describe('decodeImage on the shared X-rays', () => {
  it.each(EXPECTED)('$file: size, depth and photometry', async (e) => {
    const image = await timedDecode(e.file);
    expect([image.width, image.height, image.channels]).toEqual([e.w, e.h, e.ch]);
    expect(image.bitsStored).toBe(e.bits);
    expect(image.photometric).toBe(e.pi);
    expect(image.source.format).toBe(e.fmt);
    expect(image.data.length).toBe(e.w * e.h * e.ch);
    // Every sample fits in Bits Stored: no garbage above the high bit.
    expect(maxOf(image.data)).toBeLessThan(2 ** e.bits);
    expect(maxOf(image.data)).toBeGreaterThan(0);
    if ('ts' in e) {
      expect(image.source.transferSyntax?.uid).toBe(e.ts);
      expect(image.source.modality).toBe(e.modality);
      expect(image.source.bitsAllocated).toBe(e.alloc);
      expect(image.data.BYTES_PER_ELEMENT * 8).toBe(e.alloc);
      expect(image.source.frames).toBe(1);
    }
  });

  it('MONOCHROME1 is inverted because the tag says so, and the notes say why', async () => {
    const tibia = await decodeImage(read('nema_RG3_cr_tibia_mono1_j2k.dcm'));
    expect(tibia.photometric).toBe('MONOCHROME1');
    expect(tibia.notes).toContain(
      'shown and analysed inverted: the Photometric Interpretation tag says MONOCHROME1 (lowest value is white)',
    );
    const dx = await decodeImage(read('nih_gcp_dx_chest_cardiomegaly_00000001_000.dcm'));
    expect(dx.notes.some((n) => n.includes('inverted'))).toBe(false);
  });

  it('JPEG lossless DICOM decodes to exactly the pixels of its uncompressed twin', async () => {
    const plain = await decodeImage(read('nih_gcp_dx_chest_cardiomegaly_00000001_000.dcm'));
    const lossless = await decodeImage(
      read('nih_gcp_dx_chest_cardiomegaly_00000001_000_jpeglosslessSV1_DERIVED.dcm'),
    );
    expect(lossless.data.length).toBe(plain.data.length);
    let differing = 0;
    for (let i = 0; i < plain.data.length; i++) if (lossless.data[i] !== plain.data[i]) differing++;
    expect(differing).toBe(0);
  });

  it('NIH DICOM and PNG of the same image differ by about 2 grey levels', async () => {
    const dicom = await decodeImage(read('nih_gcp_dx_chest_cardiomegaly_00000001_000.dcm'));
    const png = await decodeImage(read('nih_00000001_000.png'));
    let sum = 0;
    let equal = 0;
    for (let i = 0; i < png.data.length; i++) {
      const d = Math.abs((dicom.data[i] ?? 0) - (png.data[i] ?? 0));
      sum += d;
      if (d === 0) equal++;
    }
    const meanAbs = sum / png.data.length;
    expect(meanAbs).toBeGreaterThan(0.5);
    expect(meanAbs).toBeLessThan(4);
    expect(equal).toBeLessThan(png.data.length); // not bit-identical (MANIFEST)
  });

  it('reads DICOM metadata for the UI', async () => {
    const tibia = await decodeImage(read('nema_RG3_cr_tibia_mono1_j2k.dcm'));
    expect(tibia.source.bodyPartExamined).toBe('EXTREMITY');
    expect(tibia.source.viewPosition).toBe('AP');
    expect(tibia.source.window).toEqual({ center: 550, width: 1024 });
    expect(tibia.source.transferSyntax?.name).toBe('JPEG 2000 Image Compression');
    const dx = await decodeImage(read('nih_gcp_dx_chest_cardiomegaly_00000001_000.dcm'));
    expect(dx.source.studyDescription).toBe('Cardiomegaly');
    expect(dx.source.viewPosition).toBeUndefined();
    const keywords = dx.source.identifying.map((t) => t.keyword);
    expect(keywords).toContain('PatientID');
    for (const t of dx.source.identifying) expect(t.tag).toMatch(/^[0-9A-F]{4},[0-9A-F]{4}$/);
  });

  it('the SR without pixel data gets no-pixel-data', async () => {
    const error = await decodeImage(read('pydicom_reportsi_sr_nopixels.dcm')).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImagingError);
    expect((error as ImagingError).code).toBe('no-pixel-data');
    expect((error as ImagingError).sentence).toBe(
      'This DICOM file holds no image (Modality SR): it is a document or other non-image object, so there is nothing to analyse.',
    );
    expect((error as ImagingError).detail).toMatch(
      /^no Pixel Data \(7FE0,0010\); SOP Class UID 1\.2\.840/,
    );
  });
});

describe('broken input', () => {
  const ALL = [...EXPECTED.map((e) => e.file), 'pydicom_reportsi_sr_nopixels.dcm'];

  it.each(ALL)('a truncated copy (first 60 percent) of %s gives a clear error', async (file) => {
    const bytes = read(file);
    const cut = bytes.slice(0, Math.floor(bytes.length * 0.6));
    const error = await decodeImage(cut).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImagingError);
    expect((error as ImagingError).code).toBe('truncated');
  });

  it('random bytes are not-an-image', async () => {
    // A fixed xorshift sequence: reproducible "random" bytes.
    const bytes = new Uint8Array(4096);
    let x = 0x9e3779b9;
    for (let i = 0; i < bytes.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      bytes[i] = x & 0xff;
    }
    const error = await decodeImage(bytes).catch((e: unknown) => e);
    expect((error as ImagingError).code).toBe('not-an-image');
  });

  it('an empty file is not-an-image', async () => {
    await expect(decodeImage(new Uint8Array(0))).rejects.toMatchObject({ code: 'not-an-image' });
  });

  it('a PDF gets unsupported-format naming the format', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.7\n1 0 obj\n');
    await expect(decodeImage(pdf)).rejects.toMatchObject({
      code: 'unsupported-format',
      sentence: expect.stringMatching(/^This is a PDF document, not an image this app reads/),
      detail: expect.stringMatching(/pdf; first bytes 25 50 44 46/),
    });
  });

  it('a PNG with a flipped byte inside its image data is corrupt, not garbage', async () => {
    const bytes = read('nih_00000002_000.png');
    const at = Math.floor(bytes.length / 2);
    bytes[at] = (bytes[at] ?? 0) ^ 0xff;
    await expect(decodeImage(bytes)).rejects.toBeInstanceOf(ImagingError);
  });

  it.each([
    'nih_gcp_dx_chest_cardiomegaly_00000001_000_jpeglosslessSV1_DERIVED.dcm',
    'nema_MR2_mr_j2k.dcm',
    'photo_rocket_publicdomain.jpg',
    'nih_00000002_000.png',
  ])(
    'flipped bytes in %s: a full-size image or an ImagingError, never a hang or a raw error',
    async (file) => {
      const base = read(file);
      let x = 12345; // fixed LCG: reproducible corruptions past the headers
      for (let trial = 0; trial < 4; trial++) {
        const bytes = base.slice();
        for (let k = 0; k < 8; k++) {
          x = (x * 1103515245 + 12345) >>> 0;
          const at = 3000 + (x % (bytes.length - 3000));
          bytes[at] = (bytes[at] ?? 0) ^ (1 + ((x >>> 24) % 255));
        }
        const outcome = await decodeImage(bytes).then(
          (image) => ({ image }),
          (error: unknown) => ({ error }),
        );
        if ('error' in outcome) expect(outcome.error).toBeInstanceOf(ImagingError);
        else
          expect(outcome.image.data.length).toBe(
            outcome.image.width * outcome.image.height * outcome.image.channels,
          );
      }
    },
  );
});
