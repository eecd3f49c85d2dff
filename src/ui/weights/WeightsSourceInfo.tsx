import { CATALOG, type ArchId } from '../../zoo/catalog.ts';

/** @returns the catalog's recommended ImageNet weights of an architecture, with provenance */
export function WeightsSourceInfo({ arch }: { readonly arch: ArchId }) {
  const w = CATALOG[arch].weights;
  return (
    <dl className="weights-facts" data-testid="weights-default-source">
      <dt>Default source</dt>
      <dd>
        <a href={`https://huggingface.co/${w.hfRepo}`} target="_blank" rel="noreferrer">
          {w.hfRepo}
        </a>{' '}
        (<code>{w.file}</code>, tag <code>{w.tag}</code>
        {w.sameAsTorchvision ? ', the same tensors as torchvision’s IMAGENET1K_V1' : ''})
      </dd>
      <dt>Licence</dt>
      <dd>{w.license}</dd>
      <dt>ImageNet top-1</dt>
      <dd>
        {w.top1.value.toFixed(2)}% <span className="small muted">({w.top1.source})</span>
      </dd>
      <dt>File size</dt>
      <dd>{w.sizeMb.toFixed(1)} MB (catalog)</dd>
    </dl>
  );
}
