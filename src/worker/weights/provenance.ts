/**
 * Whether a chest-X-ray checkpoint's weights can be tied to a published source. Shapes say which
 * network a file holds, never what its weights learned: a file of random numbers in
 * TorchXRayVision's layout has the same shapes as the published one. A file is verified only when
 *   1. it was downloaded from a catalog URL (the published file, src/zoo/chestCatalog.ts), or
 *   2. its SHA-256 matches a digest recorded with its source (`CHEST_DIGESTS`), or
 *   3. its SHA-256 matches a catalog file cached in this browser by such a download.
 * Everything else is "in TorchXRayVision's layout: weights not verified".
 */
import {
  CHEST_DIGESTS,
  CHEST_MODELS,
  chestModelByUrl,
  type ChestDigest,
} from '../../zoo/chestCatalog.ts';
import type { WeightsProvenance } from '../inference/inferenceProtocol.ts';
import type { WeightsSource } from './weightsProtocol.ts';
import * as source from './weightsSource.ts';

/** A provenance tied to a catalog entry. */
export type ChestProvenance = WeightsProvenance & { readonly chestId?: string };

/**
 * @param buffer bytes
 * @returns their SHA-256, lower-case hex (Web Crypto: the worker and Node alike)
 */
export async function sha256Hex(buffer: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', buffer));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Injectable digests and cache (tests). */
export interface ProvenanceDeps {
  readonly digests?: readonly ChestDigest[];
  readonly cache?: source.SourceDeps;
}

/** Digests of cached catalog files, by URL and size (a file is hashed once per worker). */
const cachedDigests = new Map<string, string>();

/**
 * @param bytes the dropped file's size (only cached files of that size are hashed)
 * @param deps injectable cache
 * @returns catalog entries cached in this browser with that size, and each one's SHA-256
 */
async function cachedCatalogDigests(
  bytes: number,
  deps: source.SourceDeps,
): Promise<{ readonly chestId: string; readonly url: string; readonly sha256: string }[]> {
  const { entries } = await source.weightsCacheInfo(deps);
  const out: { chestId: string; url: string; sha256: string }[] = [];
  for (const e of entries) {
    const meta = chestModelByUrl(e.url);
    if (meta === undefined || e.bytes !== bytes) continue;
    const key = `${e.url}#${e.bytes}`;
    let sha = cachedDigests.get(key);
    if (sha === undefined) {
      const buffer = await source.readCachedWeights(e.url, deps);
      if (buffer === null) continue;
      sha = await sha256Hex(buffer);
      cachedDigests.set(key, sha);
    }
    out.push({ chestId: meta.id, url: e.url, sha256: sha });
  }
  return out;
}

const short = (sha: string): string => `${sha.slice(0, 12)}…`;

/**
 * @param src where the bytes came from
 * @param buffer the file's bytes
 * @param deps injectable digests and cache
 * @returns verified (with the catalog entry it is) or not, and how, in one sentence
 */
export async function chestProvenance(
  src: WeightsSource,
  buffer: ArrayBuffer,
  deps: ProvenanceDeps = {},
): Promise<ChestProvenance> {
  if (src.kind === 'url') {
    const meta = chestModelByUrl(src.url);
    if (meta !== undefined)
      return {
        verified: true,
        chestId: meta.id,
        basis: `downloaded from the published URL ${src.url}`,
      };
  }
  const sha256 = await sha256Hex(buffer);
  const recorded = (deps.digests ?? CHEST_DIGESTS).find((d) => d.sha256.value === sha256);
  if (recorded !== undefined)
    return {
      verified: true,
      chestId: recorded.chestId,
      sha256,
      basis: `SHA-256 ${short(sha256)} matches the digest published at ${recorded.sha256.source}`,
    };
  const cached = (await cachedCatalogDigests(buffer.byteLength, deps.cache ?? {})).find(
    (c) => c.sha256 === sha256,
  );
  if (cached !== undefined)
    return {
      verified: true,
      chestId: cached.chestId,
      sha256,
      basis: `SHA-256 ${short(sha256)} matches the file downloaded from ${cached.url} into this browser's cache`,
    };
  return {
    verified: false,
    sha256,
    basis: `SHA-256 ${short(sha256)} matches no digest recorded for a published file and no catalog download cached in this browser (${CHEST_MODELS.length} published files known), so what these weights learned is unknown`,
  };
}
