/**
 * Adds a finished (or stopped) run to My runs: converts the worker's result with what the run
 * view knows (image counts from the 'start' event, the label format from the data report).
 */
import { useStore } from '../../state/store.ts';
import type { TrainResult } from '../../worker/protocol.ts';
import { toRunRecord } from './runRecord.ts';
import { useTrainStore } from './trainStore.ts';

/**
 * @param result the run's result; a run stopped before its first epoch has nothing to add
 */
export async function addFinishedRun(result: TrainResult): Promise<void> {
  if (result.epochsDone === 0) return;
  const { progress, report } = useTrainStore.getState();
  const record = toRunRecord(result, {
    trainImages: progress.start?.trainImages ?? 0,
    validationImages: progress.start?.validationImages ?? 0,
    ...(report && result.config.dataset.kind === 'chexpert' ? { format: report.format } : {}),
    finishedAt: new Date(),
  });
  await useStore.getState().addRun(record);
  useTrainStore.getState().set({ addedRunId: record.id });
}
