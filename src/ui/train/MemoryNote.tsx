import { useTrainStore } from './trainStore.ts';

/** @returns the worker's tensor count before and after the last run (a leak shows as growth) */
export function MemoryNote() {
  const memory = useTrainStore((s) => s.memory);
  if (memory.before === null) return null;
  return (
    <p className="small muted" data-testid="train-memory">
      Worker tensors before the run: <span data-testid="train-tensors-before">{memory.before}</span>
      {memory.after !== null && (
        <>
          ; after: <span data-testid="train-tensors-after">{memory.after}</span> (the trained
          model's weights stay in the worker until it is removed)
        </>
      )}
    </p>
  );
}
