import { describe, expect, it } from 'vitest';
import {
  cancelWeightsDownload,
  clearWeightsCache,
  downloadWeights,
  defaultWeightsUrl,
  fetchWeights,
  weightsCacheInfo,
  weightsDownloadSize,
  type CacheLike,
  type SourceDeps,
} from './weightsSource.ts';

/** In-memory Cache Storage bucket (Node has no `caches`). */
class MemoryCache implements CacheLike {
  readonly store = new Map<string, { body: ArrayBuffer; headers: Headers }>();
  async match(url: string) {
    const e = this.store.get(url);
    return e && new Response(e.body.slice(0), { headers: e.headers });
  }
  async put(url: string, r: Response) {
    this.store.set(url, { body: await r.arrayBuffer(), headers: r.headers });
  }
  async delete(url: string) {
    return this.store.delete(url);
  }
  async keys() {
    return [...this.store.keys()].map((u) => new Request(u));
  }
}

/** A server for one file, sent in `chunk`-byte pieces; counts requests; can drop the connection. */
function server(
  body: Uint8Array,
  chunk = 1000,
  opts: { dropAfter?: number; noLength?: boolean } = {},
) {
  const calls: { method: string; range: string | null }[] = [];
  const fetchFn = (async (_url: string | URL | Request, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    calls.push({ method: init?.method ?? 'GET', range: headers.get('range') });
    const length = opts.noLength ? {} : { 'content-length': String(body.length) };
    if (init?.method === 'HEAD') return new Response(null, { headers: length });
    if (headers.get('range') !== null)
      return new Response(body.slice(0, 1), {
        status: 206,
        headers: { 'content-range': `bytes 0-0/${body.length}` },
      });
    const end = opts.dropAfter ?? body.length;
    let at = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (init?.signal?.aborted) return c.error(new DOMException('aborted', 'AbortError'));
        if (at >= end) return c.close();
        c.enqueue(body.slice(at, Math.min(at + chunk, end)));
        at += chunk;
      },
    });
    return new Response(stream, { headers: length });
  }) as typeof fetch;
  return { fetchFn, calls };
}

const U = 'https://example.test/model.safetensors';
const bytes = Uint8Array.from({ length: 4500 }, (_, i) => (i * 7) & 255);

describe('weightsSource', () => {
  it('builds the Hugging Face URL from the catalog', () => {
    expect(defaultWeightsUrl('resnet50')).toBe(
      'https://huggingface.co/timm/resnet50.tv_in1k/resolve/main/model.safetensors',
    );
    expect(() => defaultWeightsUrl('vgg16')).toThrow(/unknown architecture/);
  });

  it('downloads with progress, caches, and serves the second load from the cache', async () => {
    const cache = new MemoryCache();
    const { fetchFn, calls } = server(bytes);
    const deps: SourceDeps = { fetch: fetchFn, openCache: async () => cache };
    const progress: [number, number][] = [];
    const first = await fetchWeights(U, { onProgress: (d, t) => progress.push([d, t]) }, deps);
    expect(new Uint8Array(first.buffer)).toEqual(bytes);
    expect([first.fromCache, first.cached]).toEqual([false, true]);
    expect(progress).toEqual([
      [0, 4500],
      [1000, 4500],
      [2000, 4500],
      [3000, 4500],
      [4000, 4500],
      [4500, 4500],
    ]);
    const second = await fetchWeights(U, {}, deps);
    expect(second.fromCache).toBe(true);
    expect(new Uint8Array(second.buffer)).toEqual(bytes);
    expect(calls).toHaveLength(1); // offline the second time
    expect(await weightsCacheInfo(deps)).toEqual({
      entries: [{ url: U, bytes: 4500 }],
      totalBytes: 4500,
    });
    // a different expected size (new file upstream) refetches
    await fetchWeights(U, { expectedBytes: 9999 }, deps);
    expect(calls).toHaveLength(2);
    expect(await clearWeightsCache(deps)).toBe(1);
    expect((await weightsCacheInfo(deps)).totalBytes).toBe(0);
  });

  it('rejects a dropped connection and caches nothing', async () => {
    const cache = new MemoryCache();
    const { fetchFn } = server(bytes, 1000, { dropAfter: 2000 });
    await expect(
      fetchWeights(U, {}, { fetch: fetchFn, openCache: async () => cache }),
    ).rejects.toThrow(/incomplete: 2000 of 4500/);
    expect(cache.store.size).toBe(0);
  });

  it('refuses a file whose stated length is over the weights limit before reading it', async () => {
    let pulls = 0;
    const fetchFn = (async () =>
      new Response(new ReadableStream({ pull: (c) => void (pulls++, c.enqueue(bytes)) }), {
        headers: { 'content-length': '3000000000' },
      })) as typeof fetch;
    const error: unknown = await fetchWeights(
      U,
      {},
      { fetch: fetchFn, openCache: async () => null },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FILE_TOO_LARGE', kind: 'wrong-weights' });
    expect((error as Error).message).toMatch(
      /^The file at .* is 3000\.0 MB, over the 2147\.5 MB this app reads/,
    );
    expect(pulls).toBeLessThanOrEqual(1); // a stream may pre-pull one chunk; nothing is kept
  });

  it('ignores Content-Length of a compressed response (it counts encoded bytes)', async () => {
    const fetchFn = (async () =>
      new Response(bytes, {
        headers: { 'content-encoding': 'gzip', 'content-length': '100' },
      })) as typeof fetch;
    const totals: number[] = [];
    const got = await fetchWeights(
      U,
      { onProgress: (_, t) => totals.push(t) },
      { fetch: fetchFn, openCache: async () => null },
    );
    expect([got.bytes, got.cached, new Set(totals)]).toEqual([4500, false, new Set([0])]);
  });

  it('cancels through an AbortSignal', async () => {
    const ctl = new AbortController();
    const { fetchFn } = server(bytes, 100);
    const p = fetchWeights(
      'u',
      { signal: ctl.signal, onProgress: (d) => d >= 300 && ctl.abort() },
      { fetch: fetchFn, openCache: async () => null },
    );
    await expect(p).rejects.toThrow(/abort/i);
  });

  it('cancels a Comlink-style download by URL', async () => {
    const { fetchFn } = server(bytes, 100);
    const cancelled: boolean[] = [];
    const onProgress = (done: number) => {
      if (done === 300) cancelled.push(cancelWeightsDownload(U));
    };
    const deps = { fetch: fetchFn, openCache: async () => null };
    await expect(downloadWeights(U, onProgress, undefined, deps)).rejects.toThrow(/abort/i);
    expect(cancelled).toEqual([true]);
    expect(cancelWeightsDownload(U)).toBe(false); // nothing left in flight
  });

  it('tells the size by HEAD, or by a Range 0-0 request when HEAD has no length', async () => {
    const a = server(bytes);
    expect(await weightsDownloadSize(U, { fetch: a.fetchFn })).toBe(4500);
    expect(a.calls.map((c) => c.method)).toEqual(['HEAD']);
    const b = server(bytes, 1000, { noLength: true });
    expect(await weightsDownloadSize(U, { fetch: b.fetchFn })).toBe(4500);
    expect(b.calls.map((c) => c.range)).toEqual([null, 'bytes=0-0']);
  });
});
