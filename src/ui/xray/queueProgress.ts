/** The queue's progress line. Pure. */
import type { QueueItem } from './xrayStore.ts';

/**
 * The batch's progress line: "file i of n" while running.
 * @param items the queue
 * @returns the text, or null when nothing runs
 */
export function progressText(items: readonly QueueItem[]): string | null {
  const running = items.find((it) => it.status === 'running');
  const waiting = items.filter((it) => it.status === 'queued').length;
  if (running === undefined && waiting === 0) return null;
  const batch = items.filter((it) => it.status !== 'cancelled');
  const finished = batch.filter((it) => it.status === 'done' || it.status === 'error').length;
  const current = running ? `: ${running.name}` : '';
  return `Processing file ${finished + 1} of ${batch.length}${current}`;
}
