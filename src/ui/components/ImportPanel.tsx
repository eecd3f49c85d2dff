/**
 * Import a results file (CSV or JSON) by file picker or drag-and-drop. Errors are listed row by
 * row; on success the study joins the selector and is selected.
 */
import { useState } from 'react';
import type { DragEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../state/store.ts';
import { fileTooLarge } from '../../refusal/fileTooLarge.ts';
import type { Refusal } from '../../refusal/refusal.ts';
import { CSV_LIMITS } from '../../study/csvTable.ts';
import { formatImportError, importRefusal, parseResultsFile } from '../../study/importResults.ts';
import { RefusalMessage } from './RefusalMessage.tsx';

/**
 * Reads and imports one file into the store.
 * @param file the chosen or dropped file
 */
async function importFile(file: File): Promise<void> {
  const { addImportedStudy, showImportErrors, showImportWarnings } = useStore.getState();
  const outcome = parseResultsFile(await file.text(), file.name);
  if (outcome.ok) {
    addImportedStudy(outcome.study);
    showImportWarnings(outcome.warnings);
  } else {
    showImportErrors(outcome.errors);
  }
}

/**
 * Checked before reading, as the command line checks `stats --csv`: a file this size would be
 * held whole, then split into cells.
 * @returns the size refusal (the command line's sentence), or null when the file may be read
 */
function sizeRefusal(file: File): Refusal | null {
  const maxBytes = CSV_LIMITS.fileBytes.value;
  if (file.size <= maxBytes) return null;
  return fileTooLarge({ what: 'the results file', name: file.name, bytes: file.size, maxBytes });
}

/** The drop zone's accessible name (the file input inside it has its own label). */
const DROP_NAME = 'Drop a results file (CSV or JSON) here';

/** @returns the import panel */
export function ImportPanel() {
  const { errors, warnings, clear } = useStore(
    useShallow((s) => ({
      errors: s.importErrors,
      warnings: s.importWarnings,
      clear: s.clearImportMessages,
    })),
  );
  const [dragging, setDragging] = useState(false);
  const [lastFile, setLastFile] = useState<string | null>(null);
  const [tooLarge, setTooLarge] = useState<Refusal | null>(null);
  const take = (file: File | undefined) => {
    if (!file) return;
    setLastFile(file.name);
    const refused = sizeRefusal(file);
    setTooLarge(refused);
    if (refused) clear();
    else void importFile(file);
  };
  const dismiss = () => {
    setTooLarge(null);
    clear();
  };
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    take(e.dataTransfer.files[0]);
  };
  return (
    <section
      id="import-panel"
      className="import-panel"
      tabIndex={-1}
      aria-labelledby="import-title"
    >
      <h2 id="import-title">Import your own results</h2>
      <div
        className={`drop-zone${dragging ? ' dragging' : ''}`}
        role="group"
        aria-label={DROP_NAME}
        data-testid="import-drop-zone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <label htmlFor="results-file">Choose a CSV or JSON results file, or drop it here</label>
        <input
          id="results-file"
          type="file"
          accept=".csv,.json,text/csv,application/json"
          onChange={(e) => {
            take(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
        <p className="small">
          Format:{' '}
          <a href="/templates/results-template.csv" download>
            download the CSV template
          </a>{' '}
          (or the{' '}
          <a href="/templates/results-template.json" download>
            JSON template
          </a>
          ). Files stay in your browser.
        </p>
      </div>
      <div aria-live="polite">
        {tooLarge && (
          <RefusalMessage testId="import-errors" refusal={tooLarge}>
            <button type="button" onClick={dismiss}>
              Dismiss
            </button>
          </RefusalMessage>
        )}
        {errors.length > 0 && (
          <RefusalMessage
            testId="import-errors"
            refusal={importRefusal(lastFile ?? 'The file', errors)}
            detailLabel={`${errors.length} problem${errors.length === 1 ? '' : 's'}, row by row`}
            detailContent={
              <ul>
                {errors.map((e, i) => (
                  <li key={i}>{formatImportError(e)}</li>
                ))}
              </ul>
            }
          >
            <button type="button" onClick={clear}>
              Dismiss
            </button>
          </RefusalMessage>
        )}
        {warnings.length > 0 && (
          <div className="message warning">
            <p>Imported, with notes:</p>
            <ul>
              {warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
            <button type="button" onClick={clear}>
              Dismiss
            </button>
          </div>
        )}
      </div>
    </section>
  );
}
