/**
 * The inspector's report on the person's CheXpert-format data: rows, the train/validation split,
 * images found and missing (with examples) and positives per task.
 */
import type { OkReport } from './trainStore.ts';

/** @returns the report as a short list and a per-task table */
export function DatasetReportView({ report }: { readonly report: OkReport }) {
  const n = (x: number): string => x.toLocaleString('en-US');
  return (
    <section className="train-report" aria-label="Data report" data-testid="dataset-report">
      <dl className="train-facts">
        <dt>Label format</dt>
        <dd>{report.format === 'nih' ? 'NIH ChestX-ray14 (Data_Entry_2017.csv)' : 'CheXpert'}</dd>
        <dt>Rows</dt>
        <dd>
          {n(report.rows)}
          {report.frontalRows !== null && ` (${n(report.frontalRows)} frontal)`}
        </dd>
        <dt>Training / validation</dt>
        <dd data-testid="dataset-split">
          {n(report.trainRows)} / {n(report.validationRows)} images (validation from{' '}
          {report.validationFrom})
        </dd>
        <dt>Images found</dt>
        <dd data-testid="dataset-found">{n(report.imagesFound)}</dd>
        <dt>Missing images</dt>
        <dd data-testid="dataset-missing">
          {report.missing.count === 0 ? (
            '0'
          ) : (
            <details>
              <summary>{n(report.missing.count)} (skipped during training); examples</summary>
              <ul className="small">
                {report.missing.examples.map((p) => (
                  <li key={p}>
                    <code>{p}</code>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </dd>
      </dl>
      <table className="data-table">
        <caption>Positive labels per task (after the uncertainty policy)</caption>
        <thead>
          <tr>
            <th scope="col">Task</th>
            <th scope="col">Training</th>
            <th scope="col">Validation</th>
          </tr>
        </thead>
        <tbody>
          {report.perTaskPositives.map((t) => (
            <tr key={t.task}>
              <th scope="row">{t.task}</th>
              <td>{n(t.train)}</td>
              <td>{n(t.validation)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.notes.length > 0 && (
        <ul className="small muted" aria-label="Notes on the data">
          {report.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
