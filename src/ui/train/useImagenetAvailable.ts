import { useEffect, useState } from 'react';
import { imagenetWeightsAvailable } from '../../client/trainingClient.ts';
import type { ArchId } from '../../zoo/catalog.ts';
import { useLoadedWeights } from '../weights/loadedWeights.ts';

/** Whether the worker holds ImageNet weights for an architecture, and where they came from. */
export type ImagenetAvailability =
  | { readonly type: 'checking' }
  | { readonly type: 'known'; readonly available: boolean; readonly source?: string }
  | { readonly type: 'error'; readonly message: string };

/**
 * Asks the worker (only when an ImageNet run is chosen), again after each load in the weights card.
 * @param arch architecture id
 * @param wanted whether the form asks for ImageNet weights
 * @returns what the worker said
 */
export function useImagenetAvailable(arch: ArchId, wanted: boolean): ImagenetAvailability {
  const loads = useLoadedWeights((s) => s.byModel);
  const [state, setState] = useState<ImagenetAvailability>({ type: 'checking' });
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    setState({ type: 'checking' });
    imagenetWeightsAvailable(arch).then(
      (r) => {
        if (live)
          setState({
            type: 'known',
            available: r.available,
            ...(r.source ? { source: r.source } : {}),
          });
      },
      (error: unknown) => {
        if (live) setState({ type: 'error', message: String(error) });
      },
    );
    return () => {
      live = false;
    };
  }, [arch, wanted, loads]);
  return state;
}
