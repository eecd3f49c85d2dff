import { CATALOG, isArchId } from '../../zoo/catalog.ts';
import type { LoadedWeights } from './loadedWeights.ts';
import { formatBytes, otherSkips, removedByTruncation } from './weightsText.ts';

/** @returns which weights the worker's model holds: source, what loaded, what was skipped, why */
export function LoadedWeightsCard({ loaded }: { readonly loaded: LoadedWeights }) {
  const { info, report, weights } = loaded;
  const removed = removedByTruncation(report);
  const others = otherSkips(report);
  const catalog = isArchId(info.arch) ? CATALOG[info.arch].weights : null;
  const isDefault = catalog !== null && weights.url?.includes(`/${catalog.hfRepo}/`) === true;
  return (
    <section className="loaded-weights" aria-label="Loaded weights" data-testid="loaded-weights">
      <h4>
        Loaded: {info.arch}, {info.unitsRemoved} unit{info.unitsRemoved === 1 ? '' : 's'} removed
      </h4>
      {report.headReinitialised ? (
        <p className="message warning" role="note" data-testid="loaded-weights-head-note">
          The head is untrained: {info.numClasses} new outputs with random weights on{' '}
          {info.provenance?.verified === false
            ? 'a backbone from this file (not verified as published ImageNet weights)'
            : 'an ImageNet backbone'}
          . Its predictions mean nothing until the model is fine-tuned on chest X-rays.
        </p>
      ) : (
        <p className="message" role="note" data-testid="loaded-weights-head-note">
          The head was loaded from the file with the rest: its {info.numClasses} outputs predict
          what the file&rsquo;s model was trained to predict.
        </p>
      )}
      <dl className="weights-facts">
        <dt>File</dt>
        <dd data-testid="loaded-weights-file">
          {weights.url ?? weights.fileName} ({formatBytes(weights.bytes)}
          {weights.fromCache ? ', from cache' : weights.url ? ', downloaded' : ', local file'})
        </dd>
        {isDefault && catalog !== null && (
          <>
            <dt>Repository, tag, licence</dt>
            <dd>
              {catalog.hfRepo}, <code>{catalog.tag}</code>; {catalog.license}
            </dd>
            <dt>ImageNet top-1</dt>
            <dd>
              {catalog.top1.value.toFixed(2)}%{' '}
              <span className="small muted">({catalog.top1.source})</span>
            </dd>
          </>
        )}
        <dt>Verified</dt>
        <dd data-testid="loaded-weights-verified">
          {info.provenance === undefined
            ? 'not checked'
            : `${info.provenance.verified ? 'yes' : 'no'}: ${info.provenance.basis}`}
        </dd>
        <dt>Naming scheme</dt>
        <dd data-testid="loaded-weights-scheme">{report.scheme}</dd>
        <dt>Tensors loaded</dt>
        <dd data-testid="loaded-weights-count">{report.loaded}</dd>
        <dt>Head</dt>
        <dd data-testid="loaded-weights-head">
          {report.headReinitialised
            ? `re-initialised (${info.numClasses} outputs)`
            : `loaded from the file (${info.numClasses} outputs)`}
        </dd>
        <dt>Skipped: removed by truncation</dt>
        <dd data-testid="loaded-weights-removed">
          {removed.length === 0 ? (
            '0'
          ) : (
            <details>
              <summary>{removed.length} tensors</summary>
              <ul className="small">
                {removed.map((s) => (
                  <li key={s.key}>
                    <code>{s.key}</code>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </dd>
        {others.length > 0 && (
          <>
            <dt>Skipped: other</dt>
            <dd>
              <details>
                <summary>{others.length} entries</summary>
                <ul className="small">
                  {others.map((s) => (
                    <li key={s.key}>
                      <code>{s.key}</code>: {s.reason}
                    </li>
                  ))}
                </ul>
              </details>
            </dd>
          </>
        )}
        <dt>Backend</dt>
        <dd>{loaded.backend}</dd>
        <dt>Model status</dt>
        <dd>
          {info.status} ({info.trainableParams.toLocaleString('en-US')} trainable parameters; id{' '}
          <code>{info.id}</code>)
        </dd>
      </dl>
      {report.notes.length > 0 && (
        <ul className="small" aria-label="Notes">
          {report.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
