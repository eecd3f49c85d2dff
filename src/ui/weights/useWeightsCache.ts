/**
 * The browser's cache of downloaded weight files (Cache Storage in the worker): what it holds
 * and clearing it. Nothing is asked until a person checks, loads or clears, so opening the Lab
 * does not start the worker.
 */
import { useCallback, useState } from 'react';
import * as client from '../../client/studyClient.ts';
import type { WeightsCacheInfo } from '../../worker/protocol.ts';

/** The listing; null: no Cache Storage here; undefined: not checked yet. */
export type CacheState = WeightsCacheInfo | null | undefined;

/**
 * @returns the cache listing, a refresh and a clear action (clear resolves to how many files it
 *   removed)
 */
export function useWeightsCache() {
  const [cache, setCache] = useState<CacheState>(undefined);

  const refresh = useCallback(async (): Promise<void> => {
    try {
      setCache(await client.weightsCacheInfo());
    } catch {
      setCache(null);
    }
  }, []);

  const clear = useCallback(async (): Promise<number> => {
    const removed = await client.clearWeightsCache();
    await refresh();
    return removed;
  }, [refresh]);

  return { cache, refresh, clear };
}
