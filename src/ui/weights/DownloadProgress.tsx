import { formatBytes, percentOf } from './weightsText.ts';

/** @returns a progress bar with bytes received (and of how many, when the server said) */
export function DownloadProgress({
  done,
  total,
}: {
  readonly done: number;
  readonly total: number;
}) {
  const percent = percentOf(done, total);
  return (
    <div role="status" className="small">
      <progress
        aria-label="Download progress"
        max={total > 0 ? total : 1}
        {...(total > 0 ? { value: done } : {})}
      />{' '}
      Downloaded {formatBytes(done)}
      {total > 0 ? ` of ${formatBytes(total)} (${percent}%)` : ''}
    </div>
  );
}
