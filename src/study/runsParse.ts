/**
 * Validation of run records from untrusted text (a link, a JSON file, IndexedDB): every field is
 * checked, and each bad run gets one message naming the run and the field.
 */
import type { RunDataset, RunEpoch, RunGridTask, RunRecord } from './runs.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class FieldError extends Error {}

function num(o: Obj, key: string, min = 0, max = Number.MAX_SAFE_INTEGER, int = false): number {
  const v = o[key];
  if (
    typeof v !== 'number' ||
    !Number.isFinite(v) ||
    v < min ||
    v > max ||
    (int && !Number.isInteger(v))
  )
    throw new FieldError(
      `"${key}" must be ${int ? 'an integer' : 'a number'} from ${min} to ${max}`,
    );
  return v;
}

function auc(v: unknown, key: string): number | null {
  if (v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1)
    throw new FieldError(`"${key}" must be an AUC from 0 to 1, or null`);
  return v;
}

function lossOf(v: unknown, key: string): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new FieldError(`"${key}" must be a number or null`);
  return v;
}

function str(o: Obj, key: string, max = 200): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length === 0 || v.length > max)
    throw new FieldError(`"${key}" must be a non-empty text of at most ${max} characters`);
  return v;
}

function bool(o: Obj, key: string): boolean {
  if (typeof o[key] !== 'boolean') throw new FieldError(`"${key}" must be true or false`);
  return o[key];
}

function dataset(v: unknown): RunDataset {
  if (!isObj(v)) throw new FieldError('"dataset" must be an object');
  const kind = v['kind'];
  if (kind !== 'synthetic' && kind !== 'chexpert' && kind !== 'nih')
    throw new FieldError('"dataset.kind" must be synthetic, chexpert or nih');
  return {
    kind,
    label: str(v, 'label'),
    trainImages: num(v, 'trainImages', 0, 1e7, true),
    validationImages: num(v, 'validationImages', 0, 1e7, true),
  };
}

function history(v: unknown): RunEpoch[] {
  if (!Array.isArray(v) || v.length > 1000)
    throw new FieldError('"history" must be a list of epochs');
  return v.map((h: unknown, i) => {
    if (!isObj(h)) throw new FieldError(`history entry ${i + 1} must be an object`);
    return {
      epoch: num(h, 'epoch', 0, 1e6, true),
      trainLoss: lossOf(h['trainLoss'], `history[${i}].trainLoss`),
      validationLoss: lossOf(h['validationLoss'], `history[${i}].validationLoss`),
      meanAuc: auc(h['meanAuc'] ?? null, `history[${i}].meanAuc`),
    };
  });
}

function perTask(v: unknown): Record<string, number | null> {
  if (!isObj(v)) throw new FieldError('"perTaskAuc" must be an object of task → AUC');
  return Object.fromEntries(Object.entries(v).map(([k, a]) => [k, auc(a, `perTaskAuc.${k}`)]));
}

function gridTask(v: unknown): RunGridTask {
  if (!isObj(v)) throw new FieldError('"grid" must be an object');
  return {
    name: str(v, 'name', 63),
    index: num(v, 'index', 0, 1e6, true),
    configKey: str(v, 'configKey', 200),
  };
}

/** The optional fields, each present only when the input has it. */
function optionals(o: Obj): Pick<RunRecord, 'modelId' | 'seed' | 'grid' | 'initialisedFrom'> {
  const modelId = o['modelId'];
  if (modelId !== undefined && typeof modelId !== 'string')
    throw new FieldError('"modelId" must be text');
  return {
    ...(typeof modelId === 'string' ? { modelId } : {}),
    ...(o['initialisedFrom'] === undefined ? {} : { initialisedFrom: str(o, 'initialisedFrom') }),
    ...(o['seed'] === undefined ? {} : { seed: num(o, 'seed', 0, 2 ** 31 - 1, true) }),
    ...(o['grid'] === undefined ? {} : { grid: gridTask(o['grid']) }),
  };
}

function record(o: Obj): RunRecord {
  const finishedAt = str(o, 'finishedAt', 40);
  if (Number.isNaN(Date.parse(finishedAt)))
    throw new FieldError('"finishedAt" must be an ISO date');
  return {
    id: str(o, 'id', 100),
    finishedAt,
    arch: str(o, 'arch', 100),
    pretrained: bool(o, 'pretrained'),
    unitsRemoved: num(o, 'unitsRemoved', 0, 1000, true),
    inputSize: num(o, 'inputSize', 1, 4096, true),
    params: num(o, 'params', 0, 1e11, true),
    epochs: num(o, 'epochs', 0, 1e6, true),
    batchSize: num(o, 'batchSize', 1, 1e5, true),
    learningRate: num(o, 'learningRate', 0, 10),
    policy: str(o, 'policy', 40),
    dataset: dataset(o['dataset']),
    meanAuc: auc(o['meanAuc'], 'meanAuc'),
    perTaskAuc: perTask(o['perTaskAuc']),
    history: history(o['history']),
    backend: str(o, 'backend', 40),
    durationMs: num(o, 'durationMs', 0, 1e12),
    stopped: bool(o, 'stopped'),
    ...optionals(o),
  };
}

/**
 * Validates one run record.
 * @param raw untrusted data
 * @returns the run, or a message naming the bad field
 */
export function parseRun(
  raw: unknown,
): { ok: true; run: RunRecord } | { ok: false; message: string } {
  if (!isObj(raw)) return { ok: false, message: 'not an object' };
  try {
    return { ok: true, run: record(raw) };
  } catch (e) {
    if (e instanceof FieldError) return { ok: false, message: e.message };
    throw e;
  }
}

/** Parsed runs, and one message per run that failed validation (1-based positions). */
export type RunsParseResult =
  { ok: true; runs: RunRecord[]; errors: string[] } | { ok: false; message: string };

/**
 * Reads runs from untrusted data already parsed from JSON: valid runs are kept, bad ones reported.
 * @param raw the value (must be an array)
 * @returns runs and row-level messages, or why nothing could be read
 */
export function parseRunsValue(raw: unknown): RunsParseResult {
  if (!Array.isArray(raw))
    return { ok: false, message: 'Runs must be a JSON array of run records.' };
  const runs: RunRecord[] = [];
  const errors: string[] = [];
  raw.forEach((item: unknown, i) => {
    const parsed = parseRun(item);
    if (parsed.ok) runs.push(parsed.run);
    else errors.push(`Run ${i + 1}: ${parsed.message}.`);
  });
  return { ok: true, runs, errors };
}

/**
 * Reads runs JSON (as written by `runsToJson`).
 * @param text JSON text
 * @returns runs and row-level messages, or why the text could not be read
 */
export function parseRunsJson(text: string): RunsParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  return parseRunsValue(value);
}
