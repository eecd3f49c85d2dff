import { useId } from 'react';

interface Props {
  readonly disabled: boolean;
  readonly onFile: (file: File) => void;
}

/** @returns the "Load a .safetensors file" picker (the card itself also takes a dropped file) */
export function WeightsFilePicker({ disabled, onFile }: Props) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Load a .safetensors file</label>
      <input
        id={id}
        type="file"
        accept=".safetensors,application/octet-stream"
        disabled={disabled}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = ''; // picking the same file again loads it again
          if (file) onFile(file);
        }}
      />
      <span className="small muted">
        …or drop one onto this card. The file stays on this machine.
      </span>
    </div>
  );
}
