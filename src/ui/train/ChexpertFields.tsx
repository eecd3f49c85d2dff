/**
 * The person's CheXpert-format data: a folder picker and a zip drop zone, the options (frontal
 * only, subset, validation share when there is no valid.csv) and the inspector's report. Files are
 * read in the worker and never leave this machine.
 */
import { memo, useState, type DragEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { RefusalMessage } from '../components/RefusalMessage.tsx';
import { DatasetReportView } from './DatasetReportView.tsx';
import { FieldError, NumberField } from './Fields.tsx';
import { folderSource, pickSource, zipSource } from './dataPick.ts';
import type { FormErrors, TrainForm } from './trainForm.ts';
import { useTrainStore } from './trainStore.ts';

interface Props {
  readonly form: TrainForm;
  readonly errors: FormErrors;
}

// React has no typed prop for the folder picker; the attribute is standard in every browser.
const FOLDER_PICKER = { webkitdirectory: '', directory: '' } as Record<string, string>;

/** @returns the CheXpert-format data fields */
export const ChexpertFields = memo(function ChexpertFields({ form, errors }: Props) {
  const { source, report, check, setForm } = useTrainStore(
    useShallow((s) => ({
      source: s.source,
      report: s.report,
      check: s.dataCheck,
      setForm: s.setForm,
    })),
  );
  const [dragging, setDragging] = useState(false);
  const reading = check.type === 'reading';
  const onDrop = (e: DragEvent<HTMLElement>): void => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file && !reading) void pickSource(zipSource(file));
  };
  const options = form.chexpert;
  return (
    <div className="train-chexpert">
      <p className="small muted">
        A folder laid out like CheXpert-v1.0-small (train.csv, valid.csv, patient folders), or a zip
        of it; NIH ChestX-ray14 (Data_Entry_2017.csv) works too. Read in this browser only.
      </p>
      <div className="field train-field">
        <label htmlFor="train-folder">Data folder</label>
        <input
          id="train-folder"
          type="file"
          multiple
          disabled={reading}
          {...FOLDER_PICKER}
          onChange={(e) => {
            const picked = folderSource(e.currentTarget.files);
            if (picked) void pickSource(picked);
          }}
        />
      </div>
      <div
        className={`train-dropzone${dragging ? ' dragging' : ''}`}
        role="group"
        aria-label="Drop a zip of the CheXpert-format data set here"
        data-testid="train-zip-drop"
        onDragOver={(e) => {
          if (!e.dataTransfer.types.includes('Files')) return;
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <label htmlFor="train-zip">Or drop a zip here, or pick one:</label>{' '}
        <input
          id="train-zip"
          type="file"
          accept=".zip,application/zip"
          disabled={reading}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (file) void pickSource(zipSource(file));
          }}
        />
      </div>
      <label className="train-check">
        <input
          type="checkbox"
          checked={options.frontalOnly}
          onChange={(e) =>
            setForm({ chexpert: { ...options, frontalOnly: e.currentTarget.checked } })
          }
        />{' '}
        Frontal images only (CheXtransfer trained on frontal views)
      </label>
      <label className="train-check">
        <input
          type="checkbox"
          checked={options.inMemory}
          onChange={(e) => setForm({ chexpert: { ...options, inMemory: e.currentTarget.checked } })}
        />{' '}
        Decode all images into memory first (faster epochs; refused above 512 MB)
      </label>
      <NumberField
        id="train-subset"
        label="Subset size"
        hint="Use only this many training images (0 = all): a quick look at a large set."
        value={options.subsetSize}
        min={0}
        step={1}
        error={errors.subsetSize}
        onChange={(subsetSize) => setForm({ chexpert: { ...options, subsetSize } })}
      />
      <NumberField
        id="train-val-fraction"
        label="Validation fraction"
        hint="Share of patients held out for validation when there is no valid.csv."
        value={options.validationFraction}
        min={0.01}
        max={0.99}
        step={0.01}
        error={errors.validationFraction}
        onChange={(validationFraction) => setForm({ chexpert: { ...options, validationFraction } })}
      />
      {reading && <p role="status">{check.label}</p>}
      {check.type === 'error' && (
        <RefusalMessage
          refusal={check.refusal}
          testId="dataset-error"
          {...(source
            ? { after: `The data picked before (${source.label}) is still in use.` }
            : {})}
        />
      )}
      <FieldError id="train-data-error" message={errors.data} />
      {source && report && (
        <>
          <p className="small">
            Using {source.label}.{' '}
            <button type="button" disabled={reading} onClick={() => void pickSource(source)}>
              Check again with these options
            </button>
          </p>
          <DatasetReportView report={report} />
        </>
      )}
    </div>
  );
});
