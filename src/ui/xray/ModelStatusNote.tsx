import type { ModelInfo } from '../../worker/protocol.ts';

const WARNINGS: Record<ModelInfo['status'], { title: string; text: string } | null> = {
  'random weights': {
    title: 'Random weights.',
    text: 'This model has learned nothing, so its probabilities are meaningless.',
  },
  'untrained head': {
    title: 'Untrained head.',
    text: 'The ImageNet backbone is real but the chest X-ray head is random, so its probabilities are meaningless.',
  },
  trained: null,
};

/**
 * The warning a model's status calls for; nothing alarming for a trained model.
 * @param props.status the model's status
 * @returns a prominent warning, or a short "trained" label
 */
export function ModelStatusNote({ status }: { readonly status: ModelInfo['status'] }) {
  const warning = WARNINGS[status];
  if (warning === null) return <span className="xray-status-ok small">Trained model</span>;
  return (
    <p className="message warning xray-model-warning" role="note" data-testid="model-warning">
      <strong>{warning.title}</strong> {warning.text}
    </p>
  );
}
