/**
 * Provenance of chest-X-ray weights: only a catalog download, a recorded digest or a catalog file
 * cached by such a download verifies a file; its shapes never do.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CHEST_DIGESTS, CHEST_MODELS } from '../../zoo/chestCatalog.ts';
import { chestProvenance, sha256Hex } from './provenance.ts';
import type { CacheLike } from './weightsSource.ts';

const bytes = (n: number, seed: number): ArrayBuffer =>
  Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255).buffer;
const hex = (b: ArrayBuffer): string =>
  createHash('sha256').update(new Uint8Array(b)).digest('hex');

/** An in-memory Cache Storage bucket holding files under URLs, as weightsSource stores them. */
function memoryCache(files: Record<string, ArrayBuffer>): CacheLike {
  const response = (b: ArrayBuffer): Response =>
    new Response(b.slice(0), { headers: { 'x-chextransfer-bytes': String(b.byteLength) } });
  return {
    match: (url) => Promise.resolve(files[url] ? response(files[url]) : undefined),
    put: () => Promise.resolve(),
    delete: () => Promise.resolve(true),
    keys: () => Promise.resolve(Object.keys(files).map((u) => new Request(u))),
  };
}

const chex = CHEST_MODELS.find((m) => m.id === 'densenet121-res224-chex');
if (chex === undefined) throw new Error('catalog');

describe('chestProvenance', () => {
  it('hashes with SHA-256 as Node does', async () => {
    const b = bytes(1000, 3);
    expect(await sha256Hex(b)).toBe(hex(b));
  });

  it('verifies a download from a catalog URL as that entry', async () => {
    const p = await chestProvenance({ kind: 'url', url: chex.url.value }, bytes(10, 1));
    expect(p).toMatchObject({ verified: true, chestId: chex.id });
    expect(p.basis).toContain(chex.url.value);
  });

  it('does not verify a file from anywhere else, whatever its name or shapes', async () => {
    const b = bytes(64, 2);
    const noCache = { cache: { openCache: () => Promise.resolve(null) } };
    for (const src of [
      {
        kind: 'buffer',
        buffer: b,
        name: 'chex-densenet121-d121-tw-lr001-rot45-tr15-sc15-seed0-best.pt',
      },
      { kind: 'url', url: 'https://example.org/chex-densenet121.pt' },
    ] as const) {
      const p = await chestProvenance(src, b, noCache);
      expect(p).toMatchObject({ verified: false, sha256: hex(b) });
      expect(p.basis).toMatch(/what these weights learned is unknown$/);
    }
  });

  it('verifies a file whose SHA-256 is recorded with its source', async () => {
    const b = bytes(64, 4);
    const digests = [
      { chestId: chex.id, sha256: { value: hex(b), source: 'https://example.org/digests' } },
    ];
    const p = await chestProvenance({ kind: 'buffer', buffer: b, name: 'x.pt' }, b, { digests });
    expect(p).toMatchObject({ verified: true, chestId: chex.id });
    expect(p.basis).toContain('https://example.org/digests');
  });

  it('verifies a dropped file identical to a catalog download cached in this browser', async () => {
    const published = bytes(128, 5);
    const other = bytes(128, 6);
    const cache = {
      openCache: () => Promise.resolve(memoryCache({ [chex.url.value]: published })),
    };
    const same = await chestProvenance(
      { kind: 'buffer', buffer: published, name: 'a.pt' },
      published,
      { cache },
    );
    expect(same).toMatchObject({ verified: true, chestId: chex.id });
    expect(same.basis).toContain("into this browser's cache");
    const differs = await chestProvenance({ kind: 'buffer', buffer: other, name: 'a.pt' }, other, {
      cache,
    });
    expect(differs.verified).toBe(false);
  });

  it('records digests as data with their source only', () => {
    for (const d of CHEST_DIGESTS) {
      expect(d.sha256.value).toMatch(/^[0-9a-f]{64}$/);
      expect(d.sha256.source).toMatch(/^https:\/\//);
      expect(CHEST_MODELS.some((m) => m.id === d.chestId)).toBe(true);
    }
  });
});
