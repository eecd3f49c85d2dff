import { describe, expect, it } from 'vitest';
import { sniff } from './sniff.ts';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

function withDicm(): Uint8Array {
  const b = new Uint8Array(140);
  b.set(ascii('DICM'), 128);
  return b;
}

describe('sniff', () => {
  it.each([
    ['png', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13)],
    ['jpeg', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 16)],
    ['pdf', bytes(...ascii('%PDF-1.4'))],
    ['zip', bytes(0x50, 0x4b, 0x03, 0x04, 20, 0)],
    ['gzip', bytes(0x1f, 0x8b, 8, 0)],
    ['gif', bytes(...ascii('GIF89a'))],
    ['bmp', bytes(...ascii('BM'), 0, 0)],
    ['webp', bytes(...ascii('RIFF'), 1, 2, 3, 4, ...ascii('WEBPVP8 '))],
    ['tiff', bytes(0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0)],
    ['tiff', bytes(0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8)],
    ['unknown', bytes(...ascii('hello world, not an image'))],
    ['unknown', bytes()],
  ] as const)('%s', (format, input) => {
    expect(sniff(input).format).toBe(format);
  });

  it('finds DICM at byte 128 (PS3.10 §7.1), whatever the preamble holds', () => {
    const b = withDicm();
    b.set([0x89, 0x50, 0x4e, 0x47], 0); // a PNG-looking preamble must not win
    expect(sniff(b)).toEqual({ format: 'dicom', dicomPreamble: true });
  });

  it('accepts an ArrayBuffer', () => {
    const buffer: ArrayBuffer = withDicm().slice().buffer;
    expect(sniff(buffer).format).toBe('dicom');
  });

  it('recognises a preamble-less stream starting with group 0002, explicit VR', () => {
    // (0002,0000) UL 4 …
    expect(sniff(bytes(0x02, 0x00, 0x00, 0x00, ...ascii('UL'), 4, 0, 0, 0, 0, 0))).toEqual({
      format: 'dicom',
      dicomPreamble: false,
    });
  });

  it('recognises a preamble-less implicit VR stream starting with group 0008', () => {
    // (0008,0005) length 10
    expect(sniff(bytes(0x08, 0x00, 0x05, 0x00, 10, 0, 0, 0, ...ascii('ISO_IR 100'))).format).toBe(
      'dicom',
    );
  });

  it('does not take other group numbers or long lengths for bare DICOM', () => {
    expect(sniff(bytes(0x10, 0x00, 0x10, 0x00, ...ascii('PN'), 4, 0)).format).toBe('unknown');
    expect(sniff(bytes(0x08, 0x00, 0x05, 0x00, 0xff, 0xff, 0xff, 0x7f)).format).toBe('unknown');
  });

  it('needs all 4 bytes of DICM', () => {
    const b = withDicm();
    b[131] = 0x4e;
    expect(sniff(b).format).toBe('unknown');
  });
});
