/**
 * A run's checkpoint as one safetensors file: the model's weights (`model.<i>`), Adam's moments
 * (`adam.<i>`) and, in `__metadata__`, the epoch, the history, Adam's step count and bias
 * products, and a key naming the run it belongs to. Pure bytes in, bytes out, so the headless
 * runner writes it from Node or from a runner page alike. Readable with any safetensors tool.
 */
import { parseSafetensors, readFloat32 } from '../../zoo/weights/safetensors.ts';
import { writeSafetensors, type TensorToWrite } from '../../zoo/weights/safetensorsWrite.ts';
import type { Checkpoint, WeightSnapshot } from './checkpoint.ts';
import type { OptimizerTensor } from './optimizerState.ts';
import type { EpochRecord } from '../protocol.ts';

/** Bumped when the layout changes; older files are refused with a message. */
export const CHECKPOINT_FORMAT = 'chextransfer-checkpoint-1';

const pad = (i: number): string => String(i).padStart(5, '0');

interface Meta {
  readonly epoch: number;
  readonly history: readonly EpochRecord[];
  readonly names: readonly string[];
  readonly adam: {
    readonly iterations: number;
    readonly accBeta1: number;
    readonly accBeta2: number;
    readonly names: readonly string[];
  } | null;
}

/**
 * @param ckpt the checkpoint (with Adam's state when the run has it)
 * @param runKey identifies the run configuration; `decodeCheckpoint` refuses another key
 * @returns the file's bytes
 */
export function encodeCheckpoint(ckpt: Checkpoint, runKey: string): Uint8Array {
  const tensors: TensorToWrite[] = [
    ...ckpt.weights.map((w, i) => ({ name: `model.${pad(i)}`, shape: w.shape, data: w.data })),
    ...(ckpt.optimizer?.moments ?? []).map((m, i) => ({
      name: `adam.${pad(i)}`,
      shape: m.shape,
      data: m.data,
    })),
  ];
  const o = ckpt.optimizer;
  const meta: Meta = {
    epoch: ckpt.epoch,
    history: ckpt.history,
    names: ckpt.weights.map((w) => w.name),
    adam: o
      ? {
          iterations: o.iterations,
          accBeta1: o.accBeta1,
          accBeta2: o.accBeta2,
          names: o.moments.map((m) => m.name),
        }
      : null,
  };
  return writeSafetensors(tensors, {
    format: CHECKPOINT_FORMAT,
    run: runKey,
    state: JSON.stringify(meta),
  });
}

function tensorsWithPrefix(
  file: ReturnType<typeof parseSafetensors>,
  prefix: string,
  names: readonly string[],
): WeightSnapshot[] & OptimizerTensor[] {
  return names.map((name, i) => {
    const entry = file.tensors.get(`${prefix}.${pad(i)}`);
    if (entry === undefined) throw new Error(`checkpoint: tensor ${prefix}.${pad(i)} is missing`);
    return { name, shape: entry.shape, data: readFloat32(file, entry).slice() };
  });
}

/**
 * @param bytes a file written by `encodeCheckpoint`
 * @param runKey the run configuration it must belong to
 * @returns the checkpoint
 * @throws Error saying plainly when the file belongs to another run or format, or is damaged
 */
export function decodeCheckpoint(bytes: Uint8Array, runKey: string): Checkpoint {
  const file = parseSafetensors(bytes);
  const m = file.metadata ?? {};
  if (m['format'] !== CHECKPOINT_FORMAT)
    throw new Error(
      `checkpoint: not a ${CHECKPOINT_FORMAT} file (format ${m['format'] ?? 'none'})`,
    );
  if (m['run'] !== runKey)
    throw new Error(
      'checkpoint: it was written for another configuration of this task (the grid spec changed); delete it to start the task afresh',
    );
  const meta = JSON.parse(m['state'] ?? 'null') as Meta;
  const weights = tensorsWithPrefix(file, 'model', meta.names);
  const adam = meta.adam;
  return {
    epoch: meta.epoch,
    history: meta.history,
    weights,
    ...(adam
      ? {
          optimizer: {
            iterations: adam.iterations,
            accBeta1: adam.accBeta1,
            accBeta2: adam.accBeta2,
            moments: tensorsWithPrefix(file, 'adam', adam.names),
          },
        }
      : {}),
  };
}
