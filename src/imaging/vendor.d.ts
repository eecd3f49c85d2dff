/**
 * Minimal types for packages that ship none (only what this core calls).
 */

declare module 'jpeg-lossless-decoder-js' {
  /** rii-mango JPEGLosslessDecoderJS: a T.81 process-14 (lossless, Huffman) decoder. */
  export class Decoder {
    constructor(buffer?: ArrayBufferLike, numBytes?: number);
    /** Decode `length` bytes at `offset`; 1 byte per sample gives a Uint8Array, 2 a Uint16Array. */
    decode(
      buffer: ArrayBufferLike,
      offset: number,
      length: number,
      numBytes?: number,
    ): Uint8Array | Uint16Array;
  }
}

declare module '@cornerstonejs/codec-openjpeg/decodewasmjs' {
  /** Emscripten `FrameInfo` of the OpenJPEG wrapper. */
  export interface J2KFrameInfo {
    width: number;
    height: number;
    bitsPerSample: number;
    componentCount: number;
    isSigned: boolean;
  }
  /** An OpenJPEG decoder bound to WASM memory; `delete()` frees it. */
  export interface J2KDecoder {
    getEncodedBuffer(length: number): Uint8Array;
    decode(): void;
    getDecodedBuffer(): Uint8Array;
    getFrameInfo(): J2KFrameInfo;
    delete(): void;
  }
  /** The instantiated WASM module. */
  export interface OpenJpegModule {
    J2KDecoder: new () => J2KDecoder;
  }
  /** Emscripten module options this core passes. */
  export interface OpenJpegOptions {
    locateFile?: (path: string, scriptDirectory: string) => string;
    wasmBinary?: ArrayBuffer;
    print?: (text: string) => void;
    printErr?: (text: string) => void;
  }
  const factory: (options?: OpenJpegOptions) => Promise<OpenJpegModule>;
  export default factory;
}

declare module 'daikon/lib/jpeg-baseline.js' {
  /** daikon's pdf.js-derived DCT JPEG decoder (8- and 12-bit sample precision). */
  export class JpegImage {
    width: number;
    height: number;
    components: unknown[];
    /** Parses and decodes the whole stream; throws strings on bad data. */
    parse(data: Uint8Array): void;
    /** One-component images only: samples at the frame's precision, row-major. */
    getData16(width: number, height: number): Uint16Array;
  }
  const lib: { JpegImage: typeof JpegImage };
  export default lib;
}
