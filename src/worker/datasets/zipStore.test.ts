import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { zeroBomb, zipFile, type TestZipEntry } from '../../imaging/testing/bombs.ts';
import {
  readZipDirectory,
  ZIP_LIMITS,
  zipStore,
  ZipError,
  type RandomAccessBlob,
} from './zipStore.ts';

/** Pseudo-random bytes: they do not compress, so the zip is about their size. */
function noise(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) out[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return out;
}

const FILES = {
  'CheXpert-v1.0-small/train.csv': strToU8('Path,Frontal/Lateral\n'.repeat(50)),
  'CheXpert-v1.0-small/train/patient00001/study1/view1_frontal.jpg': noise(40_000, 1),
  'CheXpert-v1.0-small/train/patient00002/study1/view1_frontal.jpg': noise(40_000, 2),
  'top.bin': noise(10, 3),
};

/** A Blob wrapper counting the bytes sliced from it. */
function counting(blob: Blob): RandomAccessBlob & { read: number } {
  const wrapper = {
    size: blob.size,
    read: 0,
    slice(start?: number, end?: number) {
      const s = start ?? 0;
      wrapper.read += Math.min(end ?? blob.size, blob.size) - s;
      return blob.slice(start, end);
    },
  };
  return wrapper;
}

/**
 * A ZIP64 zip written by CPython's zipfile with its ZIP64 limits lowered to a few bytes, so that
 * the entries carry ZIP64 extra fields (sizes and offset 0xFFFFFFFF) and the end records are
 * ZIP64's; the classic end record's entry count, directory size and offset were then set to
 * their ZIP64 markers (0xFFFF.., as in a zip over 4 GB). `unzip -t` accepts it.
 */
const ZIP64_BASE64 =
  'UEsDBC0AAAAIAAwUel3hGx9A//////////8dABQAQ2hlWHBlcnQtdjEuMC1zbWFsbC90cmFpbi5jc3YBABAAPwAA' +
  'AAAAAAAaAAAAAAAAAAtILMnQcSvKzytJzNH3SSxJLUrM4QogWhAAUEsDBC0AAAAAAAAAIQA8LqYN//////////8f' +
  'ABQAQ2hlWHBlcnQtdjEuMC1zbWFsbC90cmFpbi9hLmJpbgEAEAAoAAAAAAAAACgAAAAAAAAAAAECAwQFBgcICQoL' +
  'DA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJ1BLAQItAy0AAAAIAAwUel3hGx9A//////////8dABQAAAAAAAAA' +
  'AACAAQAAAABDaGVYcGVydC12MS4wLXNtYWxsL3RyYWluLmNzdgEAEAA/AAAAAAAAABoAAAAAAAAAUEsBAi0DLQAA' +
  'AAAAAAAhADwupg3//////////x8AHAAAAAAAAAAAAIAB/////0NoZVhwZXJ0LXYxLjAtc21hbGwvdHJhaW4vYS5i' +
  'aW4BABgAKAAAAAAAAAAoAAAAAAAAAGkAAAAAAAAAUEsGBiwAAAAAAAAALQAtAAAAAAAAAAAAAgAAAAAAAAACAAAA' +
  'AAAAAMgAAAAAAAAA4gAAAAAAAABQSwYHAAAAAKoBAAAAAAAAAQAAAFBLBQYAAAAA////////////////AAA=';

describe('zipStore', () => {
  for (const level of [0, 6] as const) {
    it(`lists and reads nested entries (${level === 0 ? 'stored' : 'deflated'})`, async () => {
      const blob = new Blob([zipSync(FILES, { level })]);
      const store = await zipStore(blob);
      expect([...store.paths].sort()).toEqual(Object.keys(FILES).sort());
      for (const [path, bytes] of Object.entries(FILES))
        expect(await store.read(path)).toEqual(bytes);
    });
  }

  it('leaves folder entries out and reports their method and sizes', async () => {
    const zip = zipSync({ 'a/': new Uint8Array(0), 'a/b.txt': strToU8('hello hello hello') });
    const entries = await readZipDirectory(new Blob([zip]));
    expect(entries.map((e) => [e.name, e.method, e.size])).toEqual([['a/b.txt', 8, 17]]);
  });

  it('reads one entry without reading the rest of the zip', async () => {
    const blob = counting(new Blob([zipSync(FILES, { level: 0 })]));
    const store = await zipStore(blob);
    const afterDirectory = blob.read;
    expect(afterDirectory).toBeLessThan(2_500); // end record and directory, not 80 kB of images
    await store.read('top.bin');
    expect(blob.read - afterDirectory).toBeLessThan(100);
    await store.read('CheXpert-v1.0-small/train/patient00002/study1/view1_frontal.jpg');
    expect(blob.read - afterDirectory).toBeLessThan(40_000 + 200);
  });

  it('rejects a missing entry by name', async () => {
    const store = await zipStore(new Blob([zipSync(FILES)]));
    await expect(store.read('nope.png')).rejects.toThrow('no zip entry nope.png');
  });

  it('refuses a file that is not a zip, and a truncated zip, with a clear message', async () => {
    await expect(zipStore(new Blob(['hello, this is text'.repeat(3)]))).rejects.toThrow(
      /Not a zip file \(no end-of-central-directory record\)/,
    );
    await expect(zipStore(new Blob(['PK']))).rejects.toBeInstanceOf(ZipError);
    const zip = zipSync(FILES, { level: 0 });
    const cut = new Blob([zip.slice(0, 30_000), zip.slice(zip.length - 2_000)]);
    await expect(zipStore(cut)).rejects.toThrow(ZipError);
  });

  it('reports a corrupt deflated entry with its name', async () => {
    const text = strToU8('abcdefgh'.repeat(500));
    const zip = zipSync({ 'x.txt': text }, { level: 6 });
    const broken = zip.slice();
    for (let i = 40; i < 60; i++) broken[i] = 0xff; // inside the compressed data
    const store = await zipStore(new Blob([broken]));
    await expect(store.read('x.txt')).rejects.toThrow(/Corrupt zip entry x\.txt/);
  });

  it('reads a ZIP64 zip (needed for CheXpert: over 65 535 entries and 4 GB)', async () => {
    const zip = new Blob([Uint8Array.from(atob(ZIP64_BASE64), (c) => c.charCodeAt(0))]);
    const store = await zipStore(zip);
    expect(store.paths).toEqual([
      'CheXpert-v1.0-small/train.csv',
      'CheXpert-v1.0-small/train/a.bin',
    ]);
    expect(new TextDecoder().decode(await store.read('CheXpert-v1.0-small/train.csv'))).toBe(
      'Path,Frontal/Lateral\n'.repeat(3),
    );
    const bin = await store.read('CheXpert-v1.0-small/train/a.bin');
    expect(Array.from(bin)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });
});

describe('zip limits: only entries read are inflated, each no further than it declares', () => {
  const bomb = (): TestZipEntry => ({
    name: 'CheXpert-v1.0-small/train.csv',
    data: zeroBomb({ zeros: 1e9, format: 'raw' }),
    method: 8,
    size: 1000,
  });
  const small: TestZipEntry = { name: 'top.bin', data: strToU8('hello'), method: 0, size: 5 };

  it('refuses an entry that inflates past its declared size, allocating only that size', async () => {
    const store = await zipStore(new Blob([zipFile([bomb(), small])]));
    const before = process.memoryUsage().arrayBuffers;
    const error = await store.read('CheXpert-v1.0-small/train.csv').catch((e: unknown) => e);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(32 * 2 ** 20);
    expect(error).toBeInstanceOf(ZipError);
    expect((error as ZipError).code).toBe('zip-bomb');
    expect((error as ZipError).sentence).toBe(
      'CheXpert-v1.0-small/train.csv in the zip expands to more than the size the zip declares for it (a decompression bomb), so it was not read: zip the dataset again.',
    );
  });

  it('never touches an entry nobody reads', async () => {
    const blob = counting(new Blob([zipFile([bomb(), small])]));
    const store = await zipStore(blob);
    const afterDirectory = blob.read;
    expect(await store.read('top.bin')).toEqual(strToU8('hello'));
    expect(blob.read - afterDirectory).toBeLessThan(100);
  });

  it('refuses an entry declaring more than the limit before reading it', async () => {
    const huge = { ...bomb(), size: 0xfffffff0 };
    const store = await zipStore(new Blob([zipFile([huge])]));
    const error = (await store.read(huge.name).catch((e: unknown) => e)) as ZipError;
    expect(error.code).toBe('zip-too-large');
    expect(error.sentence).toBe(
      'CheXpert-v1.0-small/train.csv in the zip is 4 GB, more than the 640 MB a dataset file may be: remove it from the zip or reduce it.',
    );
    expect(ZIP_LIMITS.entryBytes.value).toBe(640 * 2 ** 20);
  });

  it('refuses a central directory over the limit before slicing it', async () => {
    // A 1 GB "zip" of zeros whose end record says its directory is 600 MB: nothing is read but the tail.
    const size = 1e9;
    const end = new Uint8Array(22);
    const view = new DataView(end.buffer);
    view.setUint32(0, 0x06054b50, true);
    view.setUint32(12, 600e6, true);
    view.setUint32(16, 1000, true);
    const blob = {
      size,
      slice(start = 0, stop = size) {
        const bytes = new Uint8Array(Math.max(0, Math.min(stop, size) - start));
        const endAt = size - 22 - start;
        if (endAt >= 0 && endAt < bytes.length)
          bytes.set(end.subarray(0, bytes.length - endAt), endAt);
        return new Blob([bytes]);
      },
    };
    const error = (await zipStore(blob).catch((e: unknown) => e)) as ZipError;
    expect(error.code).toBe('zip-too-large');
    expect(error.sentence).toMatch(/^This zip's list of files is 572.2 MB, more than the 256 MB/);
  });
});
