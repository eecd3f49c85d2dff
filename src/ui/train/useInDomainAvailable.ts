import { useEffect, useState } from 'react';
import { inDomainWeightsAvailable } from '../../client/checkpointClient.ts';
import type { ArchId } from '../../zoo/catalog.ts';
import { useXrayStore } from '../xray/xrayStore.ts';
import type { ImagenetAvailability } from './useImagenetAvailable.ts';

/**
 * Asks the worker (only when an in-domain run is chosen) whether a chest-X-ray checkpoint of this
 * architecture is loaded, again whenever the worker's models change (a load in the X-ray panel).
 * @param arch architecture id
 * @param wanted whether the form asks for in-domain weights
 * @returns what the worker said
 */
export function useInDomainAvailable(arch: ArchId, wanted: boolean): ImagenetAvailability {
  const models = useXrayStore((s) => s.models);
  const [state, setState] = useState<ImagenetAvailability>({ type: 'checking' });
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    inDomainWeightsAvailable(arch).then(
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
  }, [arch, wanted, models]);
  return state;
}
