import { useState } from 'react';
import type { ArchId } from '../../zoo/catalog.ts';
import { DownloadProgress } from './DownloadProgress.tsx';
import type { LoaderStatus } from './useWeightsLoader.ts';
import { defaultWeightsUrlOf, formatBytes } from './weightsText.ts';

interface Props {
  readonly arch: ArchId;
  readonly status: LoaderStatus;
  readonly size: { url: string; bytes: number | null } | null;
  readonly onCheckSize: (url: string) => void;
  readonly onLoad: (url: string, expectedBytes?: number) => void;
  readonly onCancel: () => void;
}

/** A typed URL made absolute against the page (a relative one works too), or null if invalid. */
function absoluteOrNull(url: string): string | null {
  try {
    return new URL(url.trim(), window.location.href).href;
  } catch {
    return null;
  }
}

/** @returns the URL field, the size check, "Download and load" with progress and Cancel */
export function WeightsUrlLoader({ arch, status, size, onCheckSize, onLoad, onCancel }: Props) {
  const [edited, setEdited] = useState<{ arch: ArchId; url: string } | null>(null);
  // The field follows the architecture until a person types in it.
  const url = edited?.arch === arch ? edited.url : defaultWeightsUrlOf(arch);
  const target = absoluteOrNull(url);
  const checked = target !== null && size?.url === target ? size : null;
  const busy = status.type !== 'idle';
  return (
    <div className="weights-url">
      <div className="field">
        <label htmlFor="weights-url">Weights URL (.safetensors)</label>
        <input
          id="weights-url"
          type="url"
          value={url}
          aria-invalid={target === null}
          onChange={(e) => setEdited({ arch, url: e.currentTarget.value })}
        />
      </div>
      <div className="chart-actions">
        <button
          type="button"
          disabled={busy || target === null}
          onClick={() => target !== null && onCheckSize(target)}
        >
          Check download size
        </button>
        <button
          type="button"
          disabled={busy || target === null}
          onClick={() => target !== null && onLoad(target, checked?.bytes ?? undefined)}
        >
          Download and load
        </button>
        {status.type === 'downloading' && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
      {checked !== null && (
        <p className="small" data-testid="weights-download-size">
          Download size:{' '}
          {checked.bytes === null ? 'the server does not say' : formatBytes(checked.bytes)}
        </p>
      )}
      {status.type === 'downloading' && (
        <DownloadProgress done={status.done} total={status.total} />
      )}
    </div>
  );
}
