import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeImage } from './decode.ts';
import { dicomParser } from './dicomParserLib.ts';
import { imagePixelElements, u16le, writeDicom } from './testing/dicomWriter.ts';
import type { TestElement } from './testing/dicomWriter.ts';
import { rleFrame } from './testing/packBits.ts';
import { XRAYS_DIR } from '../test/testData.ts';

const XRAYS = XRAYS_DIR;
const TS = {
  implicit: '1.2.840.10008.1.2',
  explicit: '1.2.840.10008.1.2.1',
  deflate: '1.2.840.10008.1.2.1.99',
  bigEndian: '1.2.840.10008.1.2.2',
  rle: '1.2.840.10008.1.2.5',
  jpegBaseline: '1.2.840.10008.1.2.4.50',
  jpegLs: '1.2.840.10008.1.2.4.80',
  j2k: '1.2.840.10008.1.2.4.91',
} as const;

// 3 × 2 image, 12 bits stored, signed: two's complement in 12 bits, stored sign-extended to 16.
const SIGNED_VALUES = [-2048, -1, 0, 1, 100, 2047];

function pixelData(values: number[], bigEndian = false): TestElement {
  const bytes = new Uint8Array(values.length * 2);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setInt16(i * 2, v, !bigEndian));
  return { tag: [0x7fe0, 0x0010], vr: 'OW', value: bytes };
}

function signedFile(ts: string, opts: { noPreamble?: boolean } = {}): Uint8Array {
  const bigEndian = ts === TS.bigEndian;
  return writeDicom(
    [
      { tag: [0x0008, 0x0060], vr: 'CS', value: 'CT' },
      { tag: [0x0010, 0x0010], vr: 'PN', value: 'Doe^Jane' },
      ...imagePixelElements({
        rows: 2,
        columns: 3,
        bitsAllocated: 16,
        bitsStored: 12,
        signed: true,
        bigEndian,
      }),
      { tag: [0x0028, 0x1052], vr: 'DS', value: '-1024' },
      { tag: [0x0028, 0x1053], vr: 'DS', value: '2' },
      pixelData(SIGNED_VALUES, bigEndian),
    ],
    { transferSyntax: ts, ...opts },
  );
}

describe('uncompressed transfer syntaxes (synthetic files)', () => {
  it.each([TS.explicit, TS.implicit, TS.bigEndian, TS.deflate])(
    '%s: signed 12-bit samples',
    async (ts) => {
      const image = await decodeImage(signedFile(ts));
      expect(image.data).toBeInstanceOf(Int16Array);
      expect(Array.from(image.data)).toEqual(SIGNED_VALUES);
      expect(image.source.signed).toBe(true);
      expect(image.source.rescale).toEqual({ slope: 2, intercept: -1024 });
      expect(image.source.transferSyntax?.uid).toBe(ts);
    },
  );

  it('reads a stream without preamble (starting at group 0002)', async () => {
    const image = await decodeImage(signedFile(TS.explicit, { noPreamble: true }));
    expect(Array.from(image.data)).toEqual(SIGNED_VALUES);
  });

  it.each([TS.implicit, TS.explicit])(
    'reads a bare data set without file meta (starting at group 0008), %s',
    async (ts) => {
      const full = writeDicom(
        [
          { tag: [0x0008, 0x0060], vr: 'CS', value: 'DX' },
          ...imagePixelElements({ rows: 1, columns: 2, bitsAllocated: 8, bitsStored: 8 }),
          { tag: [0x7fe0, 0x0010], vr: 'OB', value: Uint8Array.of(7, 9) },
        ],
        { transferSyntax: ts, noPreamble: true },
      );
      // Drop group 0002: the 12-byte (0002,0000) element, then as many bytes as it announces.
      const metaLength = (full[8] ?? 0) | ((full[9] ?? 0) << 8);
      const image = await decodeImage(full.slice(12 + metaLength));
      expect(Array.from(image.data)).toEqual([7, 9]);
      expect(image.source.modality).toBe('DX');
      expect(image.source.transferSyntax?.uid).toBe(ts);
    },
  );

  it('lists identifying tags with PS3.6 keywords', async () => {
    const image = await decodeImage(signedFile(TS.explicit));
    expect(image.source.identifying).toEqual([
      { tag: '0010,0010', keyword: 'PatientName', value: 'Doe^Jane' },
    ]);
  });

  it('decodes frame 1 of a multi-frame image and says so', async () => {
    const bytes = writeDicom(
      [
        ...imagePixelElements({ rows: 1, columns: 2, bitsAllocated: 8, bitsStored: 8 }).slice(0, 2),
        { tag: [0x0028, 0x0008], vr: 'IS', value: '3' },
        ...imagePixelElements({ rows: 1, columns: 2, bitsAllocated: 8, bitsStored: 8 }).slice(2),
        { tag: [0x7fe0, 0x0010], vr: 'OB', value: Uint8Array.of(1, 2, 3, 4, 5, 6) },
      ],
      { transferSyntax: TS.explicit },
    );
    const image = await decodeImage(bytes);
    expect(Array.from(image.data)).toEqual([1, 2]);
    expect(image.source.frames).toBe(3);
    expect(image.notes.join()).toMatch(/frame 1 of 3/);
  });

  it('interleaves planar RGB (Planar Configuration 1)', async () => {
    const elements = imagePixelElements({
      rows: 1,
      columns: 2,
      bitsAllocated: 8,
      bitsStored: 8,
      photometric: 'RGB',
      samplesPerPixel: 3,
    });
    const bytes = writeDicom(
      [
        ...elements.slice(0, 2),
        { tag: [0x0028, 0x0006], vr: 'US', value: u16le(1) },
        ...elements.slice(2),
        { tag: [0x7fe0, 0x0010], vr: 'OB', value: Uint8Array.of(10, 11, 20, 21, 30, 31) },
      ],
      { transferSyntax: TS.explicit },
    );
    const image = await decodeImage(bytes);
    expect(image.photometric).toBe('RGB');
    expect(Array.from(image.data)).toEqual([10, 20, 30, 11, 21, 31]);
  });

  it('a header that promises more pixels than the file holds is truncated', async () => {
    const bytes = writeDicom(
      [
        ...imagePixelElements({ rows: 4, columns: 4, bitsAllocated: 8, bitsStored: 8 }),
        { tag: [0x7fe0, 0x0010], vr: 'OB', value: new Uint8Array(8) },
      ],
      { transferSyntax: TS.explicit },
    );
    await expect(decodeImage(bytes)).rejects.toMatchObject({ code: 'truncated' });
  });
});

describe('encapsulated transfer syntaxes (synthetic files)', () => {
  it('RLE Lossless, 16-bit grey', async () => {
    const values = [0, 1, 1, 1, 1, 65535, 4095, 4095, 300, 7];
    const bytes = writeDicom(
      imagePixelElements({ rows: 2, columns: 5, bitsAllocated: 16, bitsStored: 16 }),
      {
        transferSyntax: TS.rle,
        fragments: [rleFrame(values, 1, 2)],
      },
    );
    const image = await decodeImage(bytes);
    expect(image.data).toBeInstanceOf(Uint16Array);
    expect(Array.from(image.data)).toEqual(values);
  });

  it('RLE Lossless, 8-bit RGB', async () => {
    const rgb = [255, 0, 0, 0, 255, 0, 0, 0, 255, 9, 9, 9];
    const elements = imagePixelElements({
      rows: 2,
      columns: 2,
      bitsAllocated: 8,
      bitsStored: 8,
      photometric: 'RGB',
      samplesPerPixel: 3,
    });
    const bytes = writeDicom(elements, {
      transferSyntax: TS.rle,
      fragments: [rleFrame(rgb, 3, 1)],
    });
    expect(Array.from((await decodeImage(bytes)).data)).toEqual(rgb);
  });

  it('RLE with a cut segment is an error, not a partial image', async () => {
    const frame = rleFrame([5, 5, 5, 5, 6, 7, 8, 9], 1, 1).slice(0, 66);
    const bytes = writeDicom(
      imagePixelElements({ rows: 2, columns: 4, bitsAllocated: 8, bitsStored: 8 }),
      {
        transferSyntax: TS.rle,
        fragments: [frame],
      },
    );
    await expect(decodeImage(bytes)).rejects.toMatchObject({ code: 'truncated' });
  });

  it('JPEG Baseline: same pixels as the JPEG file itself', async () => {
    const jpeg = new Uint8Array(readFileSync(path.join(XRAYS, 'photo_rocket_publicdomain.jpg')));
    const padded = jpeg.length % 2 === 0 ? jpeg : Uint8Array.from([...jpeg, 0]);
    const elements = imagePixelElements({
      rows: 427,
      columns: 640,
      bitsAllocated: 8,
      bitsStored: 8,
      photometric: 'YBR_FULL_422',
      samplesPerPixel: 3,
    });
    const dicom = await decodeImage(
      writeDicom(elements, { transferSyntax: TS.jpegBaseline, fragments: [padded] }),
    );
    const direct = await decodeImage(jpeg);
    expect(dicom.photometric).toBe('RGB');
    expect(dicom.data.length).toBe(direct.data.length);
    let differing = 0;
    for (let i = 0; i < direct.data.length; i++) if (dicom.data[i] !== direct.data[i]) differing++;
    expect(differing).toBe(0);
  });

  it('a JPEG 2000 codestream cut short inside a well-formed file is truncated', async () => {
    const mr = new Uint8Array(readFileSync(path.join(XRAYS, 'nema_MR2_mr_j2k.dcm')));
    const ds = dicomParser.parseDicom(mr);
    const el = ds.elements['x7fe00010'];
    if (!el) throw new Error('MR has pixel data');
    const codestream = dicomParser.readEncapsulatedPixelDataFromFragments(
      ds,
      el,
      0,
      el.fragments?.length ?? 0,
    );
    const cut = codestream.slice(0, 60000);
    const elements = imagePixelElements({
      rows: 1024,
      columns: 1024,
      bitsAllocated: 16,
      bitsStored: 12,
    });
    const bytes = writeDicom(elements, { transferSyntax: TS.j2k, fragments: [cut] });
    await expect(decodeImage(bytes)).rejects.toMatchObject({ code: 'truncated' });
  });

  it('names an unsupported transfer syntax', async () => {
    const bytes = writeDicom(
      imagePixelElements({ rows: 1, columns: 1, bitsAllocated: 8, bitsStored: 8 }),
      {
        transferSyntax: TS.jpegLs,
        fragments: [Uint8Array.of(0xff, 0xd8, 0xff, 0xd9)],
      },
    );
    await expect(decodeImage(bytes)).rejects.toMatchObject({
      code: 'unsupported-transfer-syntax',
      sentence: expect.stringMatching(/^This DICOM file is encoded as JPEG-LS Lossless, which/),
      detail: 'Transfer Syntax UID (0002,0010) = 1.2.840.10008.1.2.4.80',
    });
  });

  it('a standalone lossless JPEG (SOF3) file keeps its samples', async () => {
    const name = 'nih_gcp_dx_chest_cardiomegaly_00000001_000_jpeglosslessSV1_DERIVED.dcm';
    const file = new Uint8Array(readFileSync(path.join(XRAYS, name)));
    const ds = dicomParser.parseDicom(file);
    const el = ds.elements['x7fe00010'];
    if (!el) throw new Error('the transcode has pixel data');
    const jpeg = dicomParser.readEncapsulatedPixelDataFromFragments(
      ds,
      el,
      0,
      el.fragments?.length ?? 0,
    );
    const fromJpeg = await decodeImage(jpeg.slice());
    const fromDicom = await decodeImage(file);
    expect(fromJpeg.source.format).toBe('jpeg');
    expect([fromJpeg.width, fromJpeg.height, fromJpeg.bitsStored]).toEqual([1024, 1024, 8]);
    let differing = 0;
    for (let i = 0; i < fromDicom.data.length; i++)
      if (fromJpeg.data[i] !== fromDicom.data[i]) differing++;
    expect(differing).toBe(0);
  });
});
