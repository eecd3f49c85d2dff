import { predictionsCsv } from '../../imaging/predictionsCsv.ts';
import { csvResultOf } from './exportRows.ts';
import { useXrayStore } from './xrayStore.ts';

/**
 * Saves text as a file, on this machine (a blob URL; nothing is uploaded).
 * @param text the file's contents
 * @param name the file name
 */
function download(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** @returns "Export predictions (CSV)": file name, model, probabilities, OOD verdict, status */
export function ExportCsvButton() {
  const items = useXrayStore((s) => s.items);
  const results = items.flatMap((it) => (it.result ? [csvResultOf(it.result)] : []));
  return (
    <div className="chart-actions">
      <button
        type="button"
        disabled={results.length === 0}
        onClick={() => download(predictionsCsv(results), 'xray-predictions.csv')}
      >
        Export predictions (CSV)
      </button>
      <span className="small muted">
        One row per image and model: the five CheXpert tasks&rsquo; probabilities (p_…, empty where
        the model does not predict a task) and, for models with published operating points, their
        calibrated values (calibrated_…, 0.5 = the operating point). DICOM identifying tags are
        never written to the file.
      </span>
    </div>
  );
}
