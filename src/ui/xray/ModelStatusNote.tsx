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

const IN_DOMAIN = {
  title: 'Untrained head.',
  text: 'The chest-X-ray backbone is real but this head is new and untrained, so its probabilities are meaningless.',
};

interface Props {
  readonly status: ModelInfo['status'];
  readonly init?: ModelInfo['init'];
  /** Where the weights came from; shown for published chest-X-ray models. */
  readonly source?: string;
}

/**
 * The warning a model's status calls for; nothing alarming for a trained model.
 * @param props.status the model's status
 * @param props.init how its weights came to be
 * @param props.source where they came from
 * @returns a prominent warning, or a short "trained" label (the source, for a published
 *   chest-X-ray model: "Trained on chest X-rays (TorchXRayVision ...)")
 */
export function ModelStatusNote({ status, init, source }: Props) {
  const warning = init === 'in-domain' ? IN_DOMAIN : WARNINGS[status];
  if (warning === null)
    return (
      <span className="xray-status-ok small" data-testid="model-trained">
        {init === 'chest-xray' && source ? source : 'Trained model'}
      </span>
    );
  return (
    <p className="message warning xray-model-warning" role="note" data-testid="model-warning">
      <strong>{warning.title}</strong> {warning.text}
    </p>
  );
}
