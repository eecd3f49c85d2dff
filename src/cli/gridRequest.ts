/**
 * From a grid task to the worker's `TrainRequest`, in Node: the dataset's folder or zip becomes
 * the `File`s or `Blob` the training code reads in the browser (lazily, through `fs.openAsBlob`,
 * so nothing is read before a batch needs it), an ImageNet initialisation gets its safetensors
 * bytes from a file or a URL, and an in-domain one its chest-X-ray checkpoint (checked here, before
 * any data is read: the task's architecture, complete, one input channel).
 */
import { openAsBlob, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_AUGMENT, NO_AUGMENT } from '../data/augment.ts';
import { inDomainSource } from '../grid/inDomain.ts';
import type { GridSpec } from '../grid/spec.ts';
import type { GridTask } from '../grid/tasks.ts';
import { contentHash } from '../study/contentHash.ts';
import type { TrainDataset, TrainRequest } from '../worker/protocol.ts';
import type { HeadlessInDomain } from '../worker/training/headless.ts';
import { defaultWeightsUrl } from '../worker/weights/weightsSource.ts';
import { chestBackbone } from '../zoo/weights/loadCheckpoint.ts';
import { UsageError } from './command.ts';

/** Files a CheXpert/NIH folder may hold that training reads: label CSVs and images. */
const READ_EXTENSIONS = new Set(['.csv', '.jpg', '.jpeg', '.png', '.dcm', '.dicom']);

function listFiles(root: string, rel: string, out: string[]): void {
  for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
    if (entry.isDirectory()) listFiles(root, child, out);
    else if (READ_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) out.push(child);
  }
}

/**
 * A folder as the browser gives a picked folder: files named by their path from the folder's
 * parent (`CheXpert-v1.0-small/train/...`), as `webkitRelativePath` would be.
 * @param folder the dataset folder
 * @returns lazily read files
 */
async function folderFiles(folder: string): Promise<File[]> {
  const rels: string[] = [];
  listFiles(folder, '', rels);
  const top = path.basename(folder);
  return Promise.all(
    rels.map(async (rel) => new File([await openAsBlob(path.join(folder, rel))], `${top}/${rel}`)),
  );
}

/**
 * @param spec the grid
 * @param baseDir where relative paths start
 * @returns the dataset folder's or zip's absolute path (undefined for the synthetic set)
 */
export function datasetPath(spec: GridSpec, baseDir: string): string | undefined {
  return spec.dataset.kind === 'synthetic' ? undefined : path.resolve(baseDir, spec.dataset.path);
}

/**
 * @param spec the grid
 * @param baseDir where relative paths start
 * @param opts list: false leaves the files out (an engine that opens the path itself)
 * @returns the dataset part of every task's request
 * @throws UsageError when the folder or zip is missing
 */
export async function datasetOf(
  spec: GridSpec,
  baseDir: string,
  opts: { list: boolean } = { list: true },
): Promise<TrainDataset> {
  const d = spec.dataset;
  if (d.kind === 'synthetic') return { ...d };
  const where = path.resolve(baseDir, d.path);
  let isDir: boolean;
  try {
    isDir = statSync(where).isDirectory();
  } catch {
    throw new UsageError(
      `the dataset ${where} does not exist: give a folder or a .zip in dataset.path`,
    );
  }
  const common = {
    kind: 'chexpert' as const,
    frontalOnly: d.kind === 'chexpert' ? d.frontalOnly : false,
    seed: d.seed,
    ...(d.subsetSize === undefined ? {} : { subsetSize: d.subsetSize }),
    ...(d.validationFraction === undefined ? {} : { validationFraction: d.validationFraction }),
    ...(d.inMemory === undefined ? {} : { inMemory: d.inMemory }),
  };
  if (!opts.list) return { ...common, files: [] };
  return isDir
    ? { ...common, files: await folderFiles(where) }
    : { ...common, zip: new File([await openAsBlob(where)], path.basename(where)) };
}

/**
 * @param spec the grid
 * @param task one of its tasks
 * @param dataset from `datasetOf`
 * @returns the request the app's training code runs
 */
export function requestOf(spec: GridSpec, task: GridTask, dataset: TrainDataset): TrainRequest {
  return {
    arch: task.arch,
    dataset,
    weights: task.init.kind,
    unitsRemoved: task.unitsRemoved,
    inputSize: spec.inputSize,
    batchSize: spec.batchSize,
    epochs: spec.epochs,
    learningRate: task.learningRate,
    policy: spec.policy,
    augment: spec.augment ? DEFAULT_AUGMENT : NO_AUGMENT,
    seed: task.seed,
  };
}

/**
 * What a checkpoint must match to be resumed: everything that shapes the run but the data's
 * location (a requeued task may see the dataset mounted elsewhere).
 * @param spec the grid
 * @param task the task
 * @returns a short hash
 */
export function runKeyOf(spec: GridSpec, task: GridTask): string {
  const { dataset, ...rest } = spec;
  const data = dataset.kind === 'synthetic' ? dataset : { ...dataset, path: undefined };
  const shaping = { ...rest, name: undefined, description: undefined, $schema: undefined };
  return contentHash(JSON.stringify([shaping, data, task]));
}

/**
 * @param where a path (relative to `baseDir`) or an http(s) URL
 * @param baseDir where relative paths start
 * @param what the file's role, for messages ("ImageNet weights")
 * @returns its bytes
 * @throws UsageError naming the file or URL that could not be read
 */
async function bytesAt(where: string, baseDir: string, what: string): Promise<ArrayBuffer> {
  if (/^https?:\/\//.test(where)) {
    const response = await fetch(where).catch((e: unknown) => {
      throw new UsageError(`cannot download ${what} from ${where}: ${String(e)}`);
    });
    if (!response.ok)
      throw new UsageError(`cannot download ${what} from ${where}: HTTP ${response.status}`);
    return response.arrayBuffer();
  }
  try {
    const bytes = readFileSync(path.resolve(baseDir, where));
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  } catch {
    throw new UsageError(`cannot read ${what} ${path.resolve(baseDir, where)}`);
  }
}

/**
 * @param task an ImageNet task
 * @param baseDir where relative paths start
 * @returns the safetensors bytes (from the spec's file or URL, else the app's default URL)
 * @throws UsageError naming the file or URL that could not be read
 */
export async function imagenetBytes(task: GridTask, baseDir: string): Promise<ArrayBuffer> {
  const template = task.init.kind === 'imagenet' ? task.init.weights : undefined;
  const where = template?.replaceAll('{arch}', task.arch) ?? defaultWeightsUrl(task.arch);
  return bytesAt(where, baseDir, 'ImageNet weights');
}

/**
 * An in-domain task's checkpoint: read (unless the task resumes, when its own checkpoint holds
 * the weights) and checked before the run starts, so a wrong file is refused at once.
 * @param task an in-domain task
 * @param baseDir where relative paths start
 * @param resuming whether the task resumes from its own checkpoint
 * @returns the checkpoint for the training code, or undefined for another kind of task
 * @throws UsageError (unreadable path or URL) or a 'wrong-weights' refusal (CheckpointModelError
 *   WRONG_ARCH for another architecture's network, TorchCheckpointError for a damaged file...)
 */
export async function inDomainOf(
  task: GridTask,
  baseDir: string,
  resuming: boolean,
): Promise<HeadlessInDomain | undefined> {
  if (task.init.kind !== 'in-domain') return undefined;
  const { where, fileName, label, chestId } = inDomainSource(task.init, task.arch);
  const named = { label, fileName, ...(chestId === undefined ? {} : { chestId }) };
  if (resuming) return { bytes: null, ...named };
  const bytes = await bytesAt(where, baseDir, 'the chest X-ray checkpoint');
  chestBackbone(bytes, { arch: task.arch, ...named });
  return { bytes, ...named };
}
