/**
 * A minimal DICOM Part 10 writer for tests: builds small synthetic files in every transfer syntax
 * the decoder claims (explicit/implicit VR little endian, explicit big endian, deflated,
 * encapsulated fragments), so each code path runs on bytes whose pixel values are known.
 * PS3.10 §7.1 (preamble, DICM, group 0002 in explicit VR LE), PS3.5 §7.1 (element encoding),
 * PS3.5 §A.4 (encapsulation: items FFFE,E000 and a sequence delimiter FFFE,E0DD).
 * Test support only: the app never writes DICOM.
 */
import { deflateSync } from 'fflate';

/** One data element: tag as [group, element], two-letter VR, value bytes or a string. */
export interface TestElement {
  readonly tag: readonly [number, number];
  readonly vr: string;
  readonly value: Uint8Array | string;
}

/** Options for `writeDicom`. */
export interface WriteOptions {
  readonly transferSyntax: string;
  /** Encapsulated pixel data: fragments (the first item is the empty Basic Offset Table). */
  readonly fragments?: readonly Uint8Array[];
  /** Leave out the 128-byte preamble and DICM (a bare stream starting at group 0002). */
  readonly noPreamble?: boolean;
}

const LONG_VRS = new Set(['OB', 'OW', 'OF', 'SQ', 'UT', 'UN', 'UC', 'UR', 'OD', 'OL', 'OV']);

class Sink {
  private readonly parts: number[] = [];
  private readonly bigEndian: boolean;
  constructor(bigEndian: boolean) {
    this.bigEndian = bigEndian;
  }
  u16(v: number): void {
    const b = [v & 0xff, (v >> 8) & 0xff];
    this.parts.push(...(this.bigEndian ? b.reverse() : b));
  }
  u32(v: number): void {
    const b = [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
    this.parts.push(...(this.bigEndian ? b.reverse() : b));
  }
  bytes(b: Uint8Array): void {
    for (const x of b) this.parts.push(x);
  }
  ascii(s: string): void {
    for (let i = 0; i < s.length; i++) this.parts.push(s.charCodeAt(i));
  }
  done(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

function valueBytes(e: TestElement): Uint8Array {
  if (typeof e.value !== 'string') return e.value;
  // PS3.5 §6.2: UIs pad with NUL, other strings with a space, to an even length.
  const pad = e.value.length % 2 === 0 ? '' : e.vr === 'UI' ? '\0' : ' ';
  return Uint8Array.from(e.value + pad, (c) => c.charCodeAt(0));
}

function writeElement(sink: Sink, e: TestElement, explicit: boolean): void {
  const value = valueBytes(e);
  sink.u16(e.tag[0]);
  sink.u16(e.tag[1]);
  if (!explicit) sink.u32(value.length);
  else if (LONG_VRS.has(e.vr)) {
    sink.ascii(e.vr);
    sink.u16(0);
    sink.u32(value.length);
  } else {
    sink.ascii(e.vr);
    sink.u16(value.length);
  }
  sink.bytes(value);
}

function writeEncapsulated(sink: Sink, fragments: readonly Uint8Array[]): void {
  sink.u16(0x7fe0);
  sink.u16(0x0010);
  sink.ascii('OB');
  sink.u16(0);
  sink.u32(0xffffffff); // undefined length
  const items = [new Uint8Array(0), ...fragments];
  for (const item of items) {
    sink.u16(0xfffe);
    sink.u16(0xe000);
    sink.u32(item.length);
    sink.bytes(item);
  }
  sink.u16(0xfffe);
  sink.u16(0xe0dd);
  sink.u32(0);
}

/**
 * Build a DICOM file.
 * @param elements data set elements (not group 0002), in ascending tag order
 * @param options transfer syntax, optional encapsulated fragments, optional missing preamble
 * @returns the file bytes
 */
export function writeDicom(elements: readonly TestElement[], options: WriteOptions): Uint8Array {
  const ts = options.transferSyntax;
  const body = new Sink(ts === '1.2.840.10008.1.2.2');
  for (const e of elements) writeElement(body, e, ts !== '1.2.840.10008.1.2');
  if (options.fragments) writeEncapsulated(body, options.fragments);
  let bodyBytes = body.done();
  if (ts === '1.2.840.10008.1.2.1.99') bodyBytes = deflateSync(bodyBytes);
  return dicomFile(ts, bodyBytes, options.noPreamble ?? false);
}

/**
 * @param elements data set elements in ascending tag order
 * @returns them in explicit VR little endian, as a deflated file's stream holds them before deflating
 */
export function explicitLittleEndian(elements: readonly TestElement[]): Uint8Array {
  const body = new Sink(false);
  for (const e of elements) writeElement(body, e, true);
  return body.done();
}

/**
 * @param transferSyntax the file meta's Transfer Syntax UID
 * @param body the data set exactly as it is to be stored (for the deflated syntax: already deflated)
 * @param noPreamble leave out the 128-byte preamble and DICM
 * @returns preamble, file meta and body
 */
export function dicomFile(
  transferSyntax: string,
  body: Uint8Array,
  noPreamble = false,
): Uint8Array {
  const meta = new Sink(false);
  writeElement(meta, { tag: [0x0002, 0x0010], vr: 'UI', value: transferSyntax }, true);
  const metaBytes = meta.done();
  const head = new Sink(false);
  if (!noPreamble) {
    head.bytes(new Uint8Array(128));
    head.ascii('DICM');
  }
  writeElement(head, { tag: [0x0002, 0x0000], vr: 'UL', value: u32le(metaBytes.length) }, true);
  head.bytes(metaBytes);
  const headBytes = head.done();
  const out = new Uint8Array(headBytes.length + body.length);
  out.set(headBytes, 0);
  out.set(body, headBytes.length);
  return out;
}

/**
 * @param v an unsigned 16-bit value
 * @returns its 2 little-endian bytes (for US elements)
 */
export function u16le(v: number): Uint8Array {
  return Uint8Array.of(v & 0xff, (v >> 8) & 0xff);
}

/**
 * @param v an unsigned 32-bit value
 * @returns its 4 little-endian bytes (for UL elements)
 */
export function u32le(v: number): Uint8Array {
  return Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
}

/**
 * Image Pixel module elements (PS3.3 C.7.6.3), in tag order.
 * @param o rows, columns, bit depths, signedness, photometric, samples per pixel, byte order
 * @returns the elements
 */
export function imagePixelElements(o: {
  rows: number;
  columns: number;
  bitsAllocated: number;
  bitsStored: number;
  signed?: boolean;
  photometric?: string;
  samplesPerPixel?: number;
  bigEndian?: boolean;
}): TestElement[] {
  const us = (v: number): Uint8Array => (o.bigEndian ? u16le(v).reverse() : u16le(v));
  return [
    { tag: [0x0028, 0x0002], vr: 'US', value: us(o.samplesPerPixel ?? 1) },
    { tag: [0x0028, 0x0004], vr: 'CS', value: o.photometric ?? 'MONOCHROME2' },
    { tag: [0x0028, 0x0010], vr: 'US', value: us(o.rows) },
    { tag: [0x0028, 0x0011], vr: 'US', value: us(o.columns) },
    { tag: [0x0028, 0x0100], vr: 'US', value: us(o.bitsAllocated) },
    { tag: [0x0028, 0x0101], vr: 'US', value: us(o.bitsStored) },
    { tag: [0x0028, 0x0102], vr: 'US', value: us(o.bitsStored - 1) },
    { tag: [0x0028, 0x0103], vr: 'US', value: us(o.signed ? 1 : 0) },
  ];
}
