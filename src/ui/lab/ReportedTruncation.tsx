import { CHEXTRANSFER } from '../../study/studies/chextransfer.ts';

const reported = CHEXTRANSFER.reportedStatistics.find(
  (s) => s.relation === 'truncation-efficiency',
);

/** @returns the paper's truncation result, shown as what it is: a reported average */
export function ReportedTruncation() {
  if (!reported) return null;
  return (
    <aside className="message" aria-label="Reported truncation result">
      <p>
        <strong>Reported by CheXtransfer:</strong> truncating final blocks of pretrained models made
        them <strong>{reported.value}×</strong> more parameter-efficient <em>on average</em>, with
        no statistically significant drop in AUC. This is an average over the paper's truncated
        models, not a value for the model above; which models and depths it covers was not
        recovered.
      </p>
      <p className="small muted">
        Source: {reported.source}. Confidence: {reported.confidence}.
      </p>
    </aside>
  );
}
