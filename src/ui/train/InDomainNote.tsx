import type { WeightsAvailability } from './useWeightsAvailable.ts';

/** @returns where an in-domain run starts from, or what to do first */
export function InDomainNote({ state }: { readonly state: WeightsAvailability }) {
  if (state.type === 'checking')
    return <p className="small muted">Asking the worker for a chest-X-ray model…</p>;
  if (state.type === 'error')
    return (
      <p className="message error" role="alert">
        Could not ask the worker for a chest-X-ray model: {state.message}
      </p>
    );
  return state.available ? (
    <p className="message" data-testid="in-domain-status">
      In-domain start: the backbone of {state.source}, with its 1-channel input and
      TorchXRayVision&apos;s [-1024, 1024] scaling; the 5-task head is new. The run records where it
      started from.
    </p>
  ) : (
    <p className="message warning" data-testid="in-domain-status">
      No chest-X-ray model of this architecture is loaded. Load one under &quot;Chest X-ray
      models&quot; in the X-ray inference tab (TorchXRayVision publishes DenseNet-121 and
      ResNet-50), then start.
    </p>
  );
}
