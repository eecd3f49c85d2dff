import type { CacheState } from './useWeightsCache.ts';
import { formatBytes } from './weightsText.ts';

interface Props {
  readonly cache: CacheState;
  readonly disabled: boolean;
  readonly onCheck: () => void;
  readonly onClear: () => void;
}

/** @returns how many downloaded weight files the browser keeps, their size, and "Clear cache" */
export function WeightsCacheStatus({ cache, disabled, onCheck, onClear }: Props) {
  if (cache === null)
    return <p className="small muted">No browser cache here: every load downloads again.</p>;
  if (cache === undefined)
    return (
      <div className="chart-actions">
        <span className="small muted">Downloaded files are kept in this browser’s cache.</span>
        <button type="button" disabled={disabled} onClick={onCheck}>
          Check cache
        </button>
      </div>
    );
  const n = cache.entries.length;
  return (
    <div className="chart-actions">
      <span className="small" data-testid="weights-cache-status">
        Cache: {n} file{n === 1 ? '' : 's'}, {formatBytes(cache.totalBytes)}
      </span>
      <button type="button" disabled={disabled || n === 0} onClick={onClear}>
        Clear cache
      </button>
    </div>
  );
}
