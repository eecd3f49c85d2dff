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

const UNVERIFIED_BACKBONE = {
  title: 'Untrained head.',
  text: 'The backbone comes from a file not verified as published ImageNet weights, and the chest X-ray head is random, so its probabilities are meaningless.',
};

interface Props {
  readonly status: ModelInfo['status'];
  readonly init?: ModelInfo['init'];
  /** Where the weights came from; shown for published chest-X-ray models. */
  readonly source?: string;
  /** For a loaded file: whether its weights are tied to a published source. */
  readonly provenance?: ModelInfo['provenance'];
}

/**
 * The warning a model's status calls for; nothing alarming for a trained model.
 * @param props.status the model's status
 * @param props.init how its weights came to be
 * @param props.source where they came from
 * @param props.provenance whether a loaded file's weights are verified
 * @returns a prominent warning, a caution for weights the app cannot tie to a published source
 *   ("DenseNet-121 in TorchXRayVision's layout: weights not verified"), or a short "trained" label
 *   (for a verified published chest-X-ray model: "Trained on chest X-rays (TorchXRayVision ...)")
 */
export function ModelStatusNote({ status, init, source, provenance }: Props) {
  const unverifiedBackbone = init === 'imagenet' && provenance?.verified === false;
  const warning =
    init === 'in-domain' ? IN_DOMAIN : unverifiedBackbone ? UNVERIFIED_BACKBONE : WARNINGS[status];
  if (warning === null && provenance?.verified === false)
    return (
      <p className="message warning xray-model-warning" role="note" data-testid="model-unverified">
        <strong>{init === 'chest-xray' ? source : 'Weights from a file: not verified.'}</strong> Its
        tensors fit the network, but {provenance.basis}: its outputs may mean nothing.
      </p>
    );
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
