import { useState } from 'react';
import type { DragEvent } from 'react';
import { loadCheckpointFile } from './chestModels.ts';

const NAME = 'Choose a PyTorch checkpoint (.pt or .pth), or drop it here';

/** @returns the drop zone and picker for checkpoint files (one at a time) */
export function CheckpointDrop() {
  const [dragging, setDragging] = useState(false);
  const take = (files: FileList | null): void => {
    const file = files?.[0];
    if (file) void loadCheckpointFile(file);
  };
  const onDrop = (e: DragEvent<HTMLDivElement>): void => {
    e.preventDefault();
    setDragging(false);
    take(e.dataTransfer.files);
  };
  return (
    <div
      className={`drop-zone xray-drop${dragging ? ' dragging' : ''}`}
      role="group"
      aria-label={NAME}
      data-testid="checkpoint-drop-zone"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <label htmlFor="xray-checkpoint">{NAME}</label>
      <input
        id="xray-checkpoint"
        type="file"
        accept=".pt,.pth,application/octet-stream,application/zip"
        onChange={(e) => {
          take(e.currentTarget.files);
          e.currentTarget.value = '';
        }}
      />
      <p className="small muted">
        A state dict, a training checkpoint or a whole pickled module, saved with torch.save (zip or
        legacy). The network is found from the file; nothing in it is run, and it never leaves this
        machine.
      </p>
    </div>
  );
}
