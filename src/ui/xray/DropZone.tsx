import { useState } from 'react';
import type { DragEvent } from 'react';
import { enqueueFiles } from './xrayQueue.ts';

const ACCEPT = '.png,.jpg,.jpeg,.dcm,.dicom,image/png,image/jpeg,application/dicom';
const NAME = 'Choose chest X-rays (PNG, JPEG or DICOM), or drop them here';

/** @returns the drop zone and file picker (several files at once) */
export function DropZone({ disabled }: { readonly disabled: boolean }) {
  const [dragging, setDragging] = useState(false);
  const onDrop = (e: DragEvent<HTMLDivElement>): void => {
    e.preventDefault();
    setDragging(false);
    enqueueFiles([...e.dataTransfer.files]);
  };
  return (
    <div
      className={`drop-zone xray-drop${dragging ? ' dragging' : ''}`}
      role="group"
      aria-label={NAME}
      data-testid="xray-drop-zone"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <label htmlFor="xray-files">{NAME}</label>
      <input
        id="xray-files"
        type="file"
        multiple
        accept={ACCEPT}
        onChange={(e) => {
          enqueueFiles([...(e.currentTarget.files ?? [])]);
          e.currentTarget.value = '';
        }}
      />
      {disabled && (
        <p className="small muted">
          No model selected yet: files you drop wait in the queue, which offers a model to load, and
          run as soon as one is ready.
        </p>
      )}
    </div>
  );
}
