/**
 * One line above the drop zone saying which model will read the X-rays, so that the drop zone can
 * come first in the panel while the model catalog and builder sit below it: a person sees at once
 * what a dropped file will meet, and where to change it.
 */
import { useShallow } from 'zustand/react/shallow';
import type { ModelInfo } from '../../worker/protocol.ts';
import { useXrayStore } from './xrayStore.ts';

/**
 * @param m a registered model
 * @returns its status in a few words, as ModelStatusNote says it at length
 */
export function statusWords(m: Pick<ModelInfo, 'status' | 'init' | 'provenance'>): string {
  if (m.provenance?.verified === false) return 'weights not verified';
  if (m.status === 'random weights') return 'random weights: its outputs are meaningless';
  if (m.status === 'untrained head') return 'untrained head: its outputs are meaningless';
  return m.init === 'chest-xray' ? 'trained on chest X-rays' : 'trained';
}

/** @returns "Reading with: …" or "No model yet: …", with a link to the models below */
export function ActiveModelLine() {
  const { models, selected } = useXrayStore(
    useShallow((s) => ({ models: s.models, selected: s.selected })),
  );
  const active = models.filter((m) => selected.includes(m.id));
  return (
    <p className="small xray-active-model" data-testid="xray-active-model">
      {active.length === 0 ? (
        <>Models: none selected yet. </>
      ) : (
        <>
          Reading with:{' '}
          {active.map((m, i) => (
            <span key={m.id}>
              {i > 0 && '; '}
              <code>{m.id}</code> ({m.source}, {statusWords(m)})
            </span>
          ))}
          .{' '}
        </>
      )}
      <a href="#xray-chest-title">Chest X-ray models and others ↓</a>
    </p>
  );
}
