import { useEffect, useState } from 'react';
import { inDomainWeightsAvailable } from '../../client/checkpointClient.ts';
import { imagenetWeightsAvailable } from '../../client/trainingClient.ts';
import type { ArchId } from '../../zoo/catalog.ts';
import { useLoadedWeights } from '../weights/loadedWeights.ts';
import { useXrayStore } from '../xray/xrayStore.ts';

/** Whether the worker holds a run's starting weights for an architecture, and where they came from. */
export type WeightsAvailability =
  | { readonly type: 'checking' }
  | { readonly type: 'known'; readonly available: boolean; readonly source?: string }
  | { readonly type: 'error'; readonly message: string };

type Ask = (arch: string) => Promise<{ available: boolean; source?: string }>;

/**
 * Asks the worker (only while `wanted`), again whenever `trigger` changes.
 * @param ask the worker question
 * @param arch architecture id
 * @param wanted whether the form asks for these weights
 * @param trigger a value that changes when the worker may hold other weights
 * @returns what the worker said
 */
function useAvailability(ask: Ask, arch: ArchId, wanted: boolean, trigger: unknown) {
  const [state, setState] = useState<WeightsAvailability>({ type: 'checking' });
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    setState({ type: 'checking' });
    ask(arch).then(
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
  }, [ask, arch, wanted, trigger]);
  return state;
}

/**
 * ImageNet weights: asked again after each load in the weights card.
 * @param arch architecture id
 * @param wanted whether the form asks for ImageNet weights
 * @returns what the worker said
 */
export function useImagenetAvailable(arch: ArchId, wanted: boolean): WeightsAvailability {
  const loads = useLoadedWeights((s) => s.byModel);
  return useAvailability(imagenetWeightsAvailable, arch, wanted, loads);
}

/**
 * A chest-X-ray checkpoint (in-domain start): asked again whenever the worker's models change (a
 * load in the X-ray panel).
 * @param arch architecture id
 * @param wanted whether the form asks for in-domain weights
 * @returns what the worker said
 */
export function useInDomainAvailable(arch: ArchId, wanted: boolean): WeightsAvailability {
  const models = useXrayStore((s) => s.models);
  return useAvailability(inDomainWeightsAvailable, arch, wanted, models);
}
