/**
 * `chextransfer predict --arch NAME --weights FILE.safetensors (--npy INPUT.npy | IMAGE)
 *   [--classes N] [--remove K] [--backend cpu|wasm] [--lenient] [--allow-ood] [--json]`
 * Runs a zoo model with weights from a safetensors file (timm or torchvision names, e.g. the
 * Hugging Face `model.safetensors`) in Node, with the loader the app uses, so its logits can be
 * compared with one's own PyTorch run.
 */
import type * as Tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import { unitTable } from '../zoo/analytic.ts';
import { CATALOG, isArchId } from '../zoo/catalog.ts';
import type { LoadReport } from '../zoo/weights/match.ts';
import type { OodResult } from '../imaging/ood.ts';
import type { Io } from './command.ts';
import { UsageError } from './command.ts';
import { finiteLogits, fromNpy as fromNpyInput } from './torchInputs.ts';
import { OutOfDistributionError } from './refusal.ts';
import { loadTf } from './tfNode.ts';
import { IMAGE_FILE, NPY_FILE, WEIGHTS_FILE } from './predictFiles.ts';
import { checkUserFile, readUserFile } from './userFile.ts';

const HELP = `usage: chextransfer predict --arch NAME --weights FILE.safetensors (--npy INPUT.npy | IMAGE)
                           [--classes N] [--remove K] [--backend cpu|wasm] [--lenient]
                           [--allow-ood] [--json] [--debug]

Builds NAME (truncated by --remove K units, with an N-output head; default N = 1000, K = 0),
loads FILE (timm or torchvision tensor names; a new or truncated head stays freshly initialised)
and prints the logits: softmax top-5 for 1000 classes, sigmoid probabilities otherwise.
--npy: float32 ('<f4', C order) array in NCHW layout, [N, 3, S, S] or [3, S, S], already
       normalised; the model is built for S x S.
IMAGE: PNG, JPEG or DICOM, preprocessed as the app does (grey, resize, centre crop, the
       weights' mean/std) at the architecture's native size.
--lenient: load a file with missing or unknown tensors (they are listed) instead of refusing it.
--allow-ood: predict on an image that does not look like a frontal chest radiograph (the app's
       checks: modality, body part, view, colour, aspect ratio, exposure) instead of refusing it.
Exit codes: 0 done, 1 internal error, 2 bad input or usage, 3 wrong weights, 4 out of distribution.
`;

const TORCH_HELP = `
PyTorch checkpoints (--weights FILE.pt or .pth): the network is detected from the file, --arch
is optional; see 'chextransfer predict --weights FILE.pt --help'.
`;

/** One input's outputs. */
export interface Prediction {
  logits: number[];
  /** Sigmoid of each logit (multi-label heads). */
  probabilities?: number[];
  /** Softmax top-5 (1000-class heads). */
  top5?: { index: number; probability: number }[];
}

/** What `predict` prints (as JSON with --json). */
export interface PredictResult {
  arch: string;
  classes: number;
  unitsRemoved: number;
  backend: string;
  /** NCHW shape of the input. */
  inputShape: number[];
  weights: LoadReport;
  /** The image's out-of-distribution verdict (images only; present when flagged and allowed). */
  ood?: OodResult;
  /** What the decoder noted about the image (e.g. an inversion for MONOCHROME1). */
  imageNotes?: readonly string[];
  predictions: Prediction[];
}

/** A model input in NHWC, with its NCHW shape for the report. */
interface Input {
  nhwc: Float32Array;
  batch: number;
  size: number;
  ood?: OodResult;
  notes?: readonly string[];
}

function fromNpy(bytes: Uint8Array): Input {
  const { nhwc, shape } = fromNpyInput(bytes, 3);
  return { nhwc, batch: shape[0], size: shape[2] };
}

/** Decodes and checks an image as the app does; refuses one out of distribution unless allowed. */
async function fromImage(
  bytes: Uint8Array,
  arch: keyof typeof CATALOG,
  allowOod: boolean,
): Promise<Input> {
  const { checkOutOfDistribution, decodeImage, toGreyFloat, toModelInput } =
    await import('../imaging/index.ts');
  const image = await decodeImage(bytes);
  const grey = toGreyFloat(image);
  const ood = checkOutOfDistribution(image, grey);
  if (ood.flagged && !allowOod) throw new OutOfDistributionError(ood);
  const input = toModelInput(grey, CATALOG[arch]);
  const flagged = ood.flagged ? { ood } : {};
  return { nhwc: input.data, batch: 1, size: input.shape[1], notes: image.notes, ...flagged };
}

const softmaxTop5 = (logits: number[]): { index: number; probability: number }[] => {
  const max = Math.max(...logits);
  const exp = logits.map((v) => Math.exp(v - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp
    .map((e, index) => ({ index, probability: e / sum }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, 5);
};

/** What `predict` needs: bytes already read, options already checked. */
export interface PredictRequest {
  arch: string;
  weights: Uint8Array;
  input: { kind: 'npy' | 'image'; bytes: Uint8Array };
  classes: number;
  remove: number;
  backend: 'cpu' | 'wasm';
  strict: boolean;
  /** Predict on an image the out-of-distribution checks flag (default: refuse it, exit 4). */
  allowOod?: boolean;
}

const toPrediction = (classes: number, logits: number[]): Prediction =>
  classes === 1000
    ? { logits, top5: softmaxTop5(logits) }
    : { logits, probabilities: logits.map((v) => 1 / (1 + Math.exp(-v))) };

/**
 * @param req architecture, weights bytes, input bytes and kind, head, truncation, backend
 * @returns the load report and one prediction per input
 */
export async function predict(req: PredictRequest): Promise<PredictResult> {
  if (!isArchId(req.arch)) throw new UsageError(`unknown architecture '${req.arch}'`);
  const units = unitTable(req.arch).units.length;
  if (req.remove >= units)
    throw new UsageError(`--remove must be below ${units} for ${req.arch}, got ${req.remove}`);
  const input =
    req.input.kind === 'npy'
      ? fromNpy(req.input.bytes)
      : await fromImage(req.input.bytes, req.arch, req.allowOod === true);
  const tf: typeof Tf = await loadTf(req.backend);
  const { buildModel } = await import('../zoo/build.ts');
  const { loadWeights } = await import('../zoo/weights/load.ts');
  const { parseSafetensors } = await import('../zoo/weights/safetensors.ts');
  const { bnEpsilonForFile } = await import('../zoo/weights/bnEpsilon.ts');
  const file = parseSafetensors(req.weights);
  const build = { numClasses: req.classes, unitsRemoved: req.remove };
  const bnEpsilon = bnEpsilonForFile(req.arch, file); // torchvision's for torchvision names
  const model = buildModel(req.arch, { ...build, bnEpsilon, inputSize: input.size });
  try {
    const weights = loadWeights(model, req.arch, file, { ...build, strict: req.strict });
    const x = [input.batch, input.size, input.size, 3] as const;
    const out = tf.tidy(
      () => (model.predict(tf.tensor4d(input.nhwc, [...x])) as Tensor).arraySync() as number[][],
    );
    return {
      arch: req.arch,
      classes: req.classes,
      unitsRemoved: req.remove,
      backend: tf.getBackend(),
      inputShape: [input.batch, 3, input.size, input.size],
      weights,
      ...(input.ood === undefined ? {} : { ood: input.ood }),
      ...(input.notes === undefined ? {} : { imageNotes: input.notes }),
      predictions: finiteLogits(out).map((logits) => toPrediction(req.classes, logits)),
    };
  } finally {
    model.dispose();
  }
}

function describe(r: PredictResult): string {
  const w = r.weights;
  const counters = w.skipped.filter((s) => s.key.endsWith('num_batches_tracked')).length;
  const lines = [
    `${r.arch}${r.unitsRemoved > 0 ? ` minus ${r.unitsRemoved} units` : ''}, ${r.classes} outputs, backend ${r.backend}, input [${r.inputShape.join(', ')}]`,
    `weights: ${w.loaded} tensors loaded (${w.scheme} names, ${(w.bytes / 1e6).toFixed(1)} MB); ${counters} BN counters and ${w.skipped.length - counters} other tensors skipped; head ${w.headReinitialised ? 'freshly initialised' : 'loaded'}`,
  ];
  for (const n of r.imageNotes ?? []) lines.push(`image: ${n}`);
  for (const reason of r.ood?.reasons ?? [])
    lines.push(`warning (--allow-ood): ${reason.code}: ${reason.message}`);
  for (const s of w.skipped.filter((x) => !x.key.endsWith('num_batches_tracked')).slice(0, 10))
    lines.push(`  skipped ${s.key}: ${s.reason}`);
  for (const n of w.notes) lines.push(`  note: ${n}`);
  for (const m of w.missing) lines.push(`  missing ${m}`);
  for (const m of w.mismatched)
    lines.push(`  mis-shaped ${m.key}: [${m.got.join(', ')}], expected [${m.expected.join(', ')}]`);
  r.predictions.forEach((p, i) => {
    const f = (v: number) => v.toFixed(4);
    if (p.top5)
      lines.push(
        `input ${i}: top-5 (softmax) ${p.top5.map((t) => `#${t.index} ${f(t.probability)}`).join(', ')}`,
      );
    lines.push(
      `input ${i}: logits ${p.logits.slice(0, 10).map(f).join(' ')}${p.logits.length > 10 ? ` ... (${p.logits.length}; --json for all)` : ''}`,
    );
    if (p.probabilities) lines.push(`input ${i}: sigmoid ${p.probabilities.map(f).join(' ')}`);
  });
  return lines.join('\n') + '\n';
}

/** The largest head: ImageNet-21k's 21,843 classes, the most timm trains these networks for. */
const MAX_CLASSES = 21_843;

function int(
  value: string | undefined,
  flag: string,
  min: number,
  fallback: number,
  max = Infinity,
): number {
  if (value === undefined) return fallback;
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new UsageError(
      `${flag} must be an integer >= ${min}${max < Infinity ? ` and <= ${max}` : ''}, got '${value}'`,
    );
  return n;
}

const OPTIONS = {
  arch: { type: 'string' },
  weights: { type: 'string' },
  npy: { type: 'string' },
  classes: { type: 'string' },
  remove: { type: 'string' },
  backend: { type: 'string' },
  lenient: { type: 'boolean', default: false },
  'allow-ood': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** Command line -> checked request (reads the files). */
async function request(args: readonly string[]): Promise<PredictRequest & { json: boolean }> {
  const { values: v, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: OPTIONS,
  });
  const image = positionals[0];
  if (v.arch === undefined || v.weights === undefined)
    throw new UsageError('--arch and --weights are required');
  if ((v.npy === undefined) === (image === undefined))
    throw new UsageError('give exactly one input: --npy FILE or an IMAGE path');
  const backend = v.backend ?? 'cpu';
  if (backend !== 'cpu' && backend !== 'wasm')
    throw new UsageError(`--backend must be cpu or wasm, got '${backend}'`);
  return {
    arch: v.arch,
    weights: await readUserFile(v.weights, WEIGHTS_FILE),
    input: {
      kind: v.npy === undefined ? 'image' : 'npy',
      bytes: await readUserFile(v.npy ?? image ?? '', v.npy === undefined ? IMAGE_FILE : NPY_FILE),
    },
    classes: int(v.classes, '--classes', 1, 1000, MAX_CLASSES),
    remove: int(v.remove, '--remove', 0, 0),
    backend,
    strict: !v.lenient,
    allowOod: v['allow-ood'],
    json: v.json,
  };
}

/**
 * @param args command-line arguments after `predict`
 * @param io output streams
 * @returns 0; a refusal is thrown, and `main` prints it with its exit code (src/cli/refusal.ts)
 */
export async function run(args: readonly string[], io: Io): Promise<number> {
  // PyTorch checkpoints (.pt/.pth, by name or content) have their own path: predictTorch.ts
  const { isTorchCheckpointFile, run: runTorch } = await import('./predictTorch.ts');
  const weights = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: OPTIONS,
    strict: false,
  }).values.weights;
  // a device, FIFO or folder is refused before anything opens it (a FIFO's open would block)
  const help = args.includes('--help') || args.includes('-h');
  if (typeof weights === 'string' && !help) await checkUserFile(weights, WEIGHTS_FILE);
  if (typeof weights === 'string' && (await isTorchCheckpointFile(weights)))
    return runTorch(args, io);
  if (help) {
    io.out(HELP + TORCH_HELP);
    return 0;
  }
  const req = await request(args);
  const result = await predict(req);
  io.out(req.json ? JSON.stringify(result) + '\n' : describe(result));
  return 0;
}
