/**
 * Matches a safetensors file against an architecture (possibly truncated, possibly with a new
 * head) and decides, before anything is written, what loads, what is skipped and whether the file
 * is refused. Pure: no '@tensorflow/*' (the tf side is `load.ts`).
 */
import { RefusalError } from '../../refusal/refusal.ts';
import { weightRefs, type WeightRef } from '../keymap.ts';
import { truncatedNodes } from '../plan.ts';
import { getArch, listArchs } from '../registry.ts';
import { detectScheme, schemeKeys, type NamingScheme, type SchemeKeys } from './naming.ts';
import {
  FLOAT_DTYPES,
  readFloat32,
  type SafetensorsEntry,
  type SafetensorsFile,
} from './safetensors.ts';
import { modernDensenetKey } from './torchvisionNames.ts';
import { bnEpsilonNotes, originBnEpsilon } from './bnEpsilon.ts';
import { badValuesRefusal, firstBadValues } from './finiteWeights.ts';

/** Options of `matchWeights` / `loadWeights`: the ones the model was built with. */
export interface LoadOptions {
  readonly numClasses: number;
  readonly unitsRemoved?: number;
  /**
   * true (default): refuse a file with any missing, mis-shaped or unknown tensor (a file for
   * this architecture has exactly its tensors). false: load what matches, report the rest;
   * still refused when less than half of the kept backbone would load.
   */
  readonly strict?: boolean;
  /** Input channels of the model (default 3; 1 for grey-input chest X-ray models). */
  readonly inChannels?: number;
}

/** What a load did (or, inside a `WeightsError`, would have done). */
export interface LoadReport {
  readonly arch: string;
  readonly scheme: NamingScheme;
  /** Tensors copied into the model. */
  readonly loaded: number;
  readonly skipped: readonly { key: string; reason: string }[];
  /** File keys (in the file's scheme) of backbone tensors the model needs but the file lacks. */
  readonly missing: readonly string[];
  readonly mismatched: readonly { key: string; expected: number[]; got: number[] }[];
  /** The classifier kept its fresh initialisation (new head, truncated model or no head in file). */
  readonly headReinitialised: boolean;
  /** File size in bytes. */
  readonly bytes: number;
  /**
   * BatchNorm epsilon of the library the file comes from (torchvision's for torchvision names,
   * else the file's `bnEpsilon` metadata, else the catalog's): build the model with it
   * (`buildModel(..., { bnEpsilon })`) and the outputs are that library's.
   */
  readonly bnEpsilon: number;
  /** Caveats worth showing (e.g. a BatchNorm eps that differs from the file's origin). */
  readonly notes: readonly string[];
}

/** A tensor to copy: the model weight and its values in PyTorch layout. */
export interface Assignment {
  readonly ref: WeightRef;
  /** The tensor's key in the file (its naming scheme). */
  readonly key: string;
  readonly data: Float32Array;
}

/** Why a file was refused. */
export type WeightsErrorCode =
  | 'WRONG_ARCH'
  | 'INCOMPLETE'
  /** A weight is NaN or infinite: every output would be NaN. */
  | 'NON_FINITE'
  /** A BatchNorm running variance is negative: every output would be NaN. */
  | 'NEGATIVE_VARIANCE';

/** A file refused for an architecture (a refusal of kind 'wrong-weights'); nothing was loaded. */
export class WeightsError extends RefusalError<WeightsErrorCode> {
  override name = 'WeightsError';
  readonly report: LoadReport;

  /**
   * @param code reason
   * @param sentence one plain sentence: what is wrong and what to do
   * @param detail the counts behind it
   * @param report the full listing
   */
  constructor(code: WeightsErrorCode, sentence: string, detail: string, report: LoadReport) {
    super('wrong-weights', code, sentence, { detail });
    this.report = report;
  }
}

/** Unknown tensors that a file for the right architecture may carry (not a reason to refuse). */
const HARMLESS_EXTRAS: readonly RegExp[] = [/^AuxLogits\./]; // torchvision Inception3 aux head

const REMOVED = 'not used: removed by truncation';

const sameShape = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);

const isCounter = (key: string, e: SafetensorsEntry): boolean =>
  e.dtype === 'I64' && key.endsWith('.num_batches_tracked');

/** Report of the keys present in the file that the model will not take. */
function fileSideSkips(
  arch: string,
  names: SchemeKeys,
  entries: ReadonlyMap<string, SafetensorsEntry>,
  modelKeys: ReadonlySet<string>,
  classifier: string,
): { skipped: { key: string; reason: string }[]; unknown: number } {
  const skipped: { key: string; reason: string }[] = [];
  let unknown = 0;
  for (const [key, e] of entries) {
    const ref = names.float.get(key);
    if (names.counters.has(key) || isCounter(key, e))
      skipped.push({ key, reason: 'num_batches_tracked: a training counter, not a weight' });
    else if (ref === undefined) {
      const harmless = HARMLESS_EXTRAS.some((r) => r.test(key));
      if (!harmless) unknown++;
      skipped.push({
        key,
        reason: harmless
          ? 'not used: auxiliary training head'
          : `unknown: not a tensor of ${arch} (${names.scheme} names)`,
      });
    } else if (!modelKeys.has(ref.timmKey) && ref.layer !== classifier)
      skipped.push({ key, reason: REMOVED });
  }
  return { skipped, unknown };
}

/**
 * Which architecture (and scheme) names most of a file's float tensors with the right shapes.
 * @param entries the file's tensors
 * @returns the best guess and how many tensors it explains
 */
export function guessArch(entries: ReadonlyMap<string, SafetensorsEntry>): {
  arch: string;
  scheme: NamingScheme;
  matched: number;
} {
  let best = { arch: '', scheme: 'timm' as NamingScheme, matched: 0 };
  for (const arch of listArchs()) {
    for (const scheme of ['timm', 'torchvision'] as const) {
      const names = schemeKeys(arch, scheme);
      if (names === null) continue;
      let matched = 0;
      for (const [key, e] of entries) {
        const shape = names.fileShape.get(key);
        if (shape !== undefined && sameShape(shape, e.shape)) matched++;
      }
      if (matched > best.matched) best = { arch, scheme, matched };
    }
  }
  return best;
}

interface Pairing {
  assignments: Assignment[];
  missing: string[];
  mismatched: { key: string; expected: number[]; got: number[] }[];
  headSkips: { key: string; reason: string }[];
  headReinitialised: boolean;
}

/** Pairs every model weight with its file tensor (or records why not). */
function pairModelWeights(
  file: SafetensorsFile,
  entries: ReadonlyMap<string, SafetensorsEntry>,
  names: SchemeKeys,
  modelRefs: readonly WeightRef[],
  /** The file is a bigger network than the model (e.g. ImageNet weights for a truncated model). */
  headOfOtherNet: boolean,
  classifier: string,
): Pairing {
  const p: Pairing = {
    assignments: [],
    missing: [],
    mismatched: [],
    headSkips: [],
    headReinitialised: false,
  };
  for (const ref of modelRefs) {
    const key = names.fileKeyOf.get(ref.timmKey) ?? ref.timmKey;
    const e = entries.get(key);
    // The model's own shapes (its head, its input channels), except where the file's layout
    // itself differs from the zoo's (torchvision MobileNetV3's Linear pre-logits).
    const fileShape = names.fileShape.get(key);
    const scheme = names.float.get(key)?.torchShape;
    const relaid = fileShape !== undefined && scheme !== undefined && !sameShape(fileShape, scheme);
    const want = relaid && ref.layer !== classifier ? fileShape : ref.torchShape;
    const fits = e !== undefined && FLOAT_DTYPES.includes(e.dtype) && sameShape(e.shape, want);
    if (ref.layer === classifier && (headOfOtherNet || !fits)) {
      p.headReinitialised = true;
      if (e !== undefined) {
        const why = headOfOtherNet
          ? 'it classifies the full network, the truncated model gets a new head'
          : `file [${e.shape.join(', ')}] vs model [${ref.torchShape.join(', ')}]`;
        p.headSkips.push({
          key,
          reason: `not used: classifier head (${why}), left freshly initialised`,
        });
      }
    } else if (e === undefined) p.missing.push(key);
    else if (!fits) p.mismatched.push({ key, expected: [...want], got: [...e.shape] });
    else p.assignments.push({ ref, key, data: readFloat32(file, e) });
  }
  return p;
}

function refusal(
  report: LoadReport,
  file: SafetensorsFile,
  backbone: number,
  loadedBackbone: number,
  unknown: number,
  strict: boolean,
): WeightsError | null {
  const { arch } = report;
  if (loadedBackbone * 2 < backbone || loadedBackbone === 0) {
    const g = guessArch(file.tensors);
    const other = g.matched > loadedBackbone && g.arch !== arch;
    const detail = `only ${loadedBackbone} of ${backbone} backbone tensors match ${arch} by name and shape${other ? `; ${g.matched} match ${g.arch} (${g.scheme} names)` : ''}`;
    return new WeightsError(
      'WRONG_ARCH',
      other
        ? `This file holds ${g.arch} weights, not ${arch}'s, so nothing was loaded: choose ${arch} weights or switch the architecture to ${g.arch}.`
        : `This file does not hold ${arch} weights, so nothing was loaded: choose a weights file made for ${arch}.`,
      detail,
      report,
    );
  }
  const problems = report.missing.length + report.mismatched.length + unknown;
  if (strict && problems > 0)
    return new WeightsError(
      'INCOMPLETE',
      `This file is not a complete ${arch} checkpoint (some tensors are missing, mis-shaped or unknown), so nothing was loaded.`,
      `${report.missing.length} missing, ${report.mismatched.length} mis-shaped and ${unknown} unknown tensors`,
      report,
    );
  return null;
}

/**
 * Validates a file against an architecture and lists what to copy. Nothing is written here.
 * @param archId architecture id
 * @param file parsed safetensors file (timm or torchvision names, detected)
 * @param opts classes, truncation and strictness the model was built with
 * @returns the report and the tensors to copy (PyTorch layout, views into the file)
 * @throws WeightsError WRONG_ARCH when the file belongs to another network, INCOMPLETE (strict)
 *   when tensors are missing, mis-shaped or unknown, NON_FINITE / NEGATIVE_VARIANCE when a value
 *   to load would make every output NaN
 */
export function matchWeights(
  archId: string,
  file: SafetensorsFile,
  opts: LoadOptions,
): { report: LoadReport; assignments: Assignment[] } {
  const arch = getArch(archId);
  const k = opts.unitsRemoved ?? 0;
  const plan = arch.plan();
  const modelRefs = weightRefs(
    truncatedNodes(plan, k, opts.numClasses).nodes,
    arch.meta.inputSize,
    opts.inChannels ?? 3,
  );
  // legacy torchvision DenseNet names (`norm.1`) read as the current ones
  const entries = new Map([...file.tensors].map(([key, e]) => [modernDensenetKey(key), e]));
  const { scheme } = detectScheme(arch.id, entries.keys());
  const names = schemeKeys(arch.id, scheme);
  if (names === null) throw new Error(`unreachable: ${scheme} names of ${arch.id}`);
  const modelKeys = new Set(modelRefs.map((r) => r.timmKey));
  const eps = originBnEpsilon(arch.id, scheme, file.metadata);
  const side = fileSideSkips(arch.id, names, entries, modelKeys, plan.classifier);
  // A truncated model takes the file's head only if the file is itself that truncated network
  // (a trained model saved by the app), never the head of the full ImageNet network.
  const fromFullNet = side.skipped.some((s) => s.reason === REMOVED);
  const p = pairModelWeights(file, entries, names, modelRefs, fromFullNet, plan.classifier);
  const report: LoadReport = {
    arch: arch.id,
    scheme,
    loaded: p.assignments.length,
    skipped: [...side.skipped, ...p.headSkips],
    missing: p.missing,
    mismatched: p.mismatched,
    headReinitialised: p.headReinitialised,
    bytes: file.bytes.byteLength,
    bnEpsilon: eps,
    notes: bnEpsilonNotes(arch.id, eps),
  };
  const backbone = modelRefs.filter((r) => r.layer !== plan.classifier).length;
  const loadedBackbone = p.assignments.filter((a) => a.ref.layer !== plan.classifier).length;
  const error = refusal(report, file, backbone, loadedBackbone, side.unknown, opts.strict ?? true);
  if (error !== null) throw error;
  const bad = firstBadValues(p.assignments);
  if (bad !== null) {
    const { code, sentence, detail } = badValuesRefusal(bad);
    throw new WeightsError(code, sentence, detail, report);
  }
  return { report, assignments: p.assignments };
}
