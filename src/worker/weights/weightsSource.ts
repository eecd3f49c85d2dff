/**
 * Downloads weight files in the worker (DOM-free): streamed with progress, cancellable, cached in
 * Cache Storage so that the second load is offline and instant. Plain data in and out, for the
 * Comlink API in api.ts; the network and cache are injectable for tests.
 *
 * Cache entries are keyed by URL and carry the byte length in `x-chextransfer-bytes`; an entry is
 * used only if its body has that length and, when the caller knows the expected size (HEAD, or
 * the catalog), that size too, so a truncated or outdated file is fetched again.
 */
import { CATALOG, isArchId } from '../../zoo/catalog.ts';
import { MAX_WEIGHTS_FILE_BYTES, weightsFileTooLarge } from '../../zoo/weights/weightsFile.ts';

/** Cache Storage bucket; bump the version to drop every cached file. */
export const WEIGHTS_CACHE = 'chextransfer-weights-v1';
const BYTES_HEADER = 'x-chextransfer-bytes';

/** `(done, total)` in bytes; total is 0 when the server does not say. */
export type ProgressFn = (done: number, total: number) => void;

/** The parts of Cache Storage used here. */
export interface CacheLike {
  match(url: string): Promise<Response | undefined>;
  put(url: string, response: Response): Promise<void>;
  delete(url: string): Promise<boolean>;
  keys(): Promise<readonly Request[]>;
}

/** Injectable network and cache (defaults: the worker's `fetch` and `caches`). */
export interface SourceDeps {
  readonly fetch?: typeof fetch;
  /** null: no caching (e.g. no Cache Storage in this context). */
  readonly openCache?: () => Promise<CacheLike | null>;
}

const fetchOf = (deps: SourceDeps): typeof fetch => deps.fetch ?? globalThis.fetch.bind(globalThis);

async function cacheOf(deps: SourceDeps): Promise<CacheLike | null> {
  if (deps.openCache !== undefined) return deps.openCache();
  // Cache Storage exists only in secure contexts; without it every load downloads.
  if (typeof caches === 'undefined') return null;
  try {
    return await caches.open(WEIGHTS_CACHE);
  } catch {
    return null;
  }
}

/**
 * @param archId architecture id
 * @returns the Hugging Face URL of its recommended timm weights (`model.safetensors`)
 */
export function defaultWeightsUrl(archId: string): string {
  if (!isArchId(archId)) throw new Error(`unknown architecture "${archId}"`);
  return `https://huggingface.co/${CATALOG[archId].weights.hfRepo}/resolve/main/model.safetensors`;
}

/** The body's decoded length, when the headers tell it. */
const lengthOf = (r: Response): number | null => {
  // With Content-Encoding, Content-Length counts compressed bytes, not what the stream yields.
  const encoding = r.headers.get('content-encoding');
  if (encoding !== null && encoding !== 'identity') return null;
  const v = Number(r.headers.get('content-length') ?? NaN);
  return Number.isSafeInteger(v) && v >= 0 ? v : null;
};

/**
 * The download size without downloading: HEAD, else the total of a `Range: bytes=0-0` answer.
 * @param url file URL
 * @param deps injectable fetch
 * @returns size in bytes, or null when the server does not tell
 */
export async function weightsDownloadSize(
  url: string,
  deps: SourceDeps = {},
): Promise<number | null> {
  const f = fetchOf(deps);
  const head = await f(url, { method: 'HEAD' });
  // Hugging Face also states the size of LFS files in X-Linked-Size.
  const linked = Number(head.headers.get('x-linked-size') ?? NaN);
  if (head.ok && lengthOf(head) !== null) return lengthOf(head);
  if (Number.isSafeInteger(linked) && linked > 0) return linked;
  const ranged = await f(url, { headers: { Range: 'bytes=0-0' } });
  await ranged.body?.cancel();
  const total = /\/(\d+)\s*$/.exec(ranged.headers.get('content-range') ?? '')?.[1];
  return total === undefined ? null : Number(total);
}

/** Refuses a body over the weights file limit: from its stated length, or as it streams. */
function checkSize(bytes: number, url: string): void {
  const tooLarge = weightsFileTooLarge(bytes, `The file at ${url}`);
  if (tooLarge !== null) throw tooLarge;
}

async function readAll(
  response: Response,
  url: string,
  onProgress: ProgressFn | undefined,
): Promise<ArrayBuffer> {
  const total = lengthOf(response) ?? 0;
  checkSize(total, url);
  const reader = response.body?.getReader();
  if (reader === undefined) return response.arrayBuffer();
  const chunks: Uint8Array[] = [];
  let done = 0;
  onProgress?.(0, total);
  for (;;) {
    const { value, done: finished } = await reader.read();
    if (finished) break;
    chunks.push(value);
    done += value.byteLength;
    if (done > MAX_WEIGHTS_FILE_BYTES) {
      await reader.cancel();
      checkSize(done, url);
    }
    onProgress?.(done, total);
  }
  if (total > 0 && done !== total)
    throw new Error(`download incomplete: ${done} of ${total} bytes (connection dropped?)`);
  const out = new Uint8Array(done);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out.buffer;
}

/** A downloaded (or cached) file. */
export interface FetchedWeights {
  readonly buffer: ArrayBuffer;
  readonly bytes: number;
  readonly fromCache: boolean;
  /** false when the cache refused it (quota) or there is no cache. */
  readonly cached: boolean;
}

async function fromCache(
  cache: CacheLike,
  url: string,
  expected: number | undefined,
): Promise<ArrayBuffer | null> {
  const hit = await cache.match(url);
  if (hit === undefined) return null;
  const stored = Number(hit.headers.get(BYTES_HEADER) ?? NaN);
  const buffer = await hit.arrayBuffer();
  if (buffer.byteLength === stored && (expected === undefined || expected === stored))
    return buffer;
  await cache.delete(url); // truncated or outdated: fetch again
  return null;
}

/**
 * Reads a file from the cache only (never the network).
 * @param url file URL
 * @param deps injectable cache
 * @returns its bytes when cached and complete, else null
 */
export async function readCachedWeights(
  url: string,
  deps: SourceDeps = {},
): Promise<ArrayBuffer | null> {
  const cache = await cacheOf(deps);
  return cache === null ? null : fromCache(cache, url, undefined);
}

/**
 * Gets a weights file: from the cache when present and complete, else streamed from the network
 * (progress per chunk) and stored in the cache.
 * @param url file URL (see `defaultWeightsUrl`)
 * @param opts AbortSignal, progress callback, expected size in bytes if known
 * @param deps injectable fetch and cache
 * @returns the bytes and where they came from
 * @throws on HTTP errors, incomplete downloads, or AbortError when cancelled
 */
export async function fetchWeights(
  url: string,
  opts: { signal?: AbortSignal; onProgress?: ProgressFn; expectedBytes?: number } = {},
  deps: SourceDeps = {},
): Promise<FetchedWeights> {
  const cache = await cacheOf(deps);
  const hit = cache === null ? null : await fromCache(cache, url, opts.expectedBytes);
  if (hit !== null) {
    opts.onProgress?.(hit.byteLength, hit.byteLength);
    return { buffer: hit, bytes: hit.byteLength, fromCache: true, cached: true };
  }
  const response = await fetchOf(deps)(
    url,
    opts.signal === undefined ? {} : { signal: opts.signal },
  );
  if (!response.ok) throw new Error(`download failed: HTTP ${response.status} for ${url}`);
  const buffer = await readAll(response, url, opts.onProgress);
  let cached = false;
  if (cache !== null) {
    const headers = {
      'content-type': 'application/octet-stream',
      [BYTES_HEADER]: String(buffer.byteLength),
    };
    // A full disk (QuotaExceededError) must not fail the load: the bytes are in memory.
    cached = await cache.put(url, new Response(buffer.slice(0), { headers })).then(
      () => true,
      () => false,
    );
  }
  return { buffer, bytes: buffer.byteLength, fromCache: false, cached };
}

/** Downloads in flight, by URL: an AbortSignal cannot cross Comlink, a URL can. */
const inFlight = new Map<string, AbortController>();

/**
 * `fetchWeights` for the Comlink API: plain arguments, cancellable by URL with
 * `cancelWeightsDownload` from another call.
 * @param url file URL
 * @param onProgress `(done, total)` in bytes (a `Comlink.proxy` on the client side)
 * @param expectedBytes the size if known (refetches a cached file of another size)
 * @param deps injectable fetch and cache
 * @returns the bytes (transfer them onwards) and where they came from
 */
export async function downloadWeights(
  url: string,
  onProgress?: ProgressFn,
  expectedBytes?: number,
  deps: SourceDeps = {},
): Promise<FetchedWeights> {
  inFlight.get(url)?.abort();
  const ctl = new AbortController();
  inFlight.set(url, ctl);
  try {
    return await fetchWeights(
      url,
      {
        signal: ctl.signal,
        ...(onProgress === undefined ? {} : { onProgress }),
        ...(expectedBytes === undefined ? {} : { expectedBytes }),
      },
      deps,
    );
  } finally {
    if (inFlight.get(url) === ctl) inFlight.delete(url);
  }
}

/**
 * @param url the URL given to `downloadWeights`
 * @returns whether a download was in flight (it then rejects with an AbortError)
 */
export function cancelWeightsDownload(url: string): boolean {
  const ctl = inFlight.get(url);
  ctl?.abort();
  return ctl !== undefined;
}

/**
 * @param deps injectable cache
 * @returns the cached files (URL and size) and their total size in bytes
 */
export async function weightsCacheInfo(
  deps: SourceDeps = {},
): Promise<{ entries: { url: string; bytes: number }[]; totalBytes: number }> {
  const cache = await cacheOf(deps);
  if (cache === null) return { entries: [], totalBytes: 0 };
  const entries: { url: string; bytes: number }[] = [];
  for (const request of await cache.keys()) {
    const hit = await cache.match(request.url);
    entries.push({ url: request.url, bytes: Number(hit?.headers.get(BYTES_HEADER) ?? 0) });
  }
  return { entries, totalBytes: entries.reduce((s, e) => s + e.bytes, 0) };
}

/**
 * Deletes every cached weights file.
 * @param deps injectable cache
 * @returns how many files were removed
 */
export async function clearWeightsCache(deps: SourceDeps = {}): Promise<number> {
  const cache = await cacheOf(deps);
  if (cache === null) return 0;
  const keys = await cache.keys();
  await Promise.all(keys.map((r) => cache.delete(r.url)));
  return keys.length;
}
