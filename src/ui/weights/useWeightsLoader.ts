/**
 * The weights card's worker calls and their status: size check, load by URL (progress, cancel)
 * or by file, the browser cache. Every result comes from the worker; a refusal keeps what was
 * loaded before.
 */
import { useCallback, useRef, useState } from 'react';
import * as client from '../../client/studyClient.ts';
import { errorText, toRefusal, type Refusal } from '../../refusal/refusal.ts';
import { weightsFileTooLarge } from '../../zoo/weights/weightsFile.ts';
import type { BackendInfo } from '../../worker/protocol.ts';
import type { LoadWeightsResult, WeightsProgress, WeightsSource } from '../../worker/protocol.ts';
import type { ArchId } from '../../zoo/catalog.ts';
import { useLoadedWeights } from './loadedWeights.ts';
import { useWeightsCache } from './useWeightsCache.ts';

/** What the card is doing. */
export type LoaderStatus =
  | { readonly type: 'idle' }
  | { readonly type: 'checking' }
  | {
      readonly type: 'downloading';
      readonly url: string;
      readonly done: number;
      readonly total: number;
    }
  | { readonly type: 'loading'; readonly label: string };

/** Outcome of the last action, shown in the card's status region. */
export type LoaderMessage =
  | { readonly kind: 'error'; readonly refusal: Refusal }
  | { readonly kind: 'info'; readonly text: string }
  | null;

const failed = (sentence: string, error: unknown): LoaderMessage => ({
  kind: 'error',
  refusal: { code: 'WORKER_FAILED', kind: 'wrong-weights', sentence, detail: errorText(error) },
});

const CHEXPERT_CLASSES = 5;

/**
 * @param arch selected architecture
 * @param unitsRemoved selected truncation
 * @returns status, last message, checked size, cache, backend and the actions
 */
export function useWeightsLoader(arch: ArchId, unitsRemoved: number) {
  const [status, setStatus] = useState<LoaderStatus>({ type: 'idle' });
  const [message, setMessage] = useState<LoaderMessage>(null);
  const [size, setSize] = useState<{ url: string; bytes: number | null } | null>(null);
  const [backend, setBackend] = useState<BackendInfo | null>(null);
  const remember = useLoadedWeights((s) => s.remember);
  const busy = useRef(false);

  const { cache, refresh: refreshCache, clear } = useWeightsCache();

  const run = useCallback(
    async (source: WeightsSource, label: string) => {
      if (busy.current) return;
      busy.current = true;
      setMessage(null);
      const onProgress = (e: WeightsProgress): void =>
        setStatus(
          e.type === 'download' && source.kind === 'url'
            ? { type: 'downloading', url: source.url, done: e.done, total: e.total }
            : { type: 'loading', label: `Loading ${label} into ${arch}…` },
        );
      try {
        setStatus({ type: 'loading', label: 'Starting the worker and checking the backend…' });
        const info = await client.ensureBackend(client.preferredBackend());
        setBackend(info);
        onProgress(
          source.kind === 'url' ? { type: 'download', done: 0, total: 0 } : { type: 'loading' },
        );
        const result: LoadWeightsResult = await client.loadImagenetWeights(
          { arch, unitsRemoved, numClasses: CHEXPERT_CLASSES, source },
          onProgress,
        );
        if (result.ok) {
          remember({ ...result, backend: info.name });
          setMessage({ kind: 'info', text: `Loaded ${label} into ${arch}.` });
        } else if (result.refusal.code === 'CANCELLED')
          setMessage({ kind: 'info', text: result.refusal.sentence });
        else setMessage({ kind: 'error', refusal: result.refusal });
      } catch (error) {
        setMessage(failed('Loading failed in the worker, so nothing was loaded.', error));
      } finally {
        busy.current = false;
        setStatus({ type: 'idle' });
        void refreshCache();
      }
    },
    [arch, unitsRemoved, remember, refreshCache],
  );

  const loadUrl = (url: string, expectedBytes?: number): Promise<void> =>
    run({ kind: 'url', url, ...(expectedBytes === undefined ? {} : { expectedBytes }) }, url);

  const loadFile = async (file: File): Promise<void> => {
    // checked before the file is read into the page
    const tooLarge = weightsFileTooLarge(file.size, file.name);
    if (tooLarge !== null) return setMessage({ kind: 'error', refusal: toRefusal(tooLarge) });
    return run({ kind: 'buffer', buffer: await file.arrayBuffer(), name: file.name }, file.name);
  };

  const checkSize = async (url: string): Promise<void> => {
    setStatus({ type: 'checking' });
    setMessage(null);
    try {
      setSize({ url, bytes: await client.weightsDownloadSize(url) });
    } catch (error) {
      setMessage(failed('The download size could not be checked: try loading directly.', error));
    } finally {
      setStatus({ type: 'idle' });
    }
  };

  const cancel = (): void => {
    if (status.type === 'downloading') void client.cancelWeightsDownload(status.url);
  };

  const clearCache = async (): Promise<void> => {
    const removed = await clear();
    setMessage({
      kind: 'info',
      text: `Removed ${removed} cached file${removed === 1 ? '' : 's'}.`,
    });
  };

  return {
    status,
    message,
    size,
    cache,
    refreshCache,
    backend,
    loadUrl,
    loadFile,
    checkSize,
    cancel,
    clearCache,
  };
}
