/**
 * `chextransfer predict --weights FILE.pt (--npy X.npy | IMAGE) [--arch ID] [--calibrated]
 *   [--backend cpu|wasm] [--allow-ood] [--json]`: a PyTorch checkpoint (state dict or whole
 * module, zip or legacy torch.save) run in Node with the app's reader, model detection,
 * out-of-distribution checks, preprocessing and fused inference path. `predict.ts` hands
 * `.pt`/`.pth` files (by content) over to this module. Refusals are thrown, as on the safetensors
 * path, and `main` prints them with their exit code (refusal.ts): 2 a bad image, 3 a refused
 * checkpoint, 4 an image out of distribution.
 */
import type * as Tf from '@tensorflow/tfjs';
import { open, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { chestModel, chestModelLabel } from '../zoo/chestCatalog.ts';
import { isArchId } from '../zoo/catalog.ts';
import type { CheckpointModel } from '../zoo/weights/loadCheckpoint.ts';
import { looksLikeTorchCheckpoint } from '../zoo/weights/torchCheckpoint.ts';
import type { Io } from './command.ts';
import { CPU_RUNTIMES, type CpuRuntime } from '../worker/protocol.ts';
import { UsageError } from './command.ts';
import { describeTorchResult, type TorchPredictResult } from './predictTorchReport.ts';
import { loadTf } from './tfNode.ts';
import { IMAGE_FILE, NPY_FILE, WEIGHTS_FILE } from './predictFiles.ts';
import { readUserFile } from './userFile.ts';
import type { CheckedImage, Input } from './torchInputs.ts';
import {
  checkedImage,
  chexpertOf,
  finiteLogits,
  fromImage,
  fromNpy,
  opNorm,
  sigmoid,
} from './torchInputs.ts';

const HELP = `usage: chextransfer predict --weights FILE.pt (--npy INPUT.npy | IMAGE) [--arch ID]
                           [--calibrated] [--backend cpu|wasm] [--engine relaxed-simd|simd|tfjs-wasm]
                           [--threads N] [--allow-ood] [--json] [--debug]

Reads a PyTorch checkpoint (.pt/.pth: a state dict, a training checkpoint holding one, or a
whole pickled nn.Module; zip or legacy torch.save; nothing in it is run), detects the network
from its tensor names and shapes, and prints the raw logits of every output with their labels,
sigmoid probabilities, and the five CheXpert tasks (null where the model does not predict one).
--arch ID: a zoo architecture (e.g. densenet121) the file must be, or a TorchXRayVision weights
       name (densenet121-res224-chex ...) naming the labels and operating points of a file
       whose name does not (the seven DenseNets share one shape).
--calibrated: also TorchXRayVision's operating-point normalisation (op_norm; 0.5 = threshold).
--npy: float32 NCHW [N, C, S, S] or [C, S, S], already preprocessed ([-1024, 1024] for
       TorchXRayVision models); the model is built for S x S.
IMAGE: PNG, JPEG or DICOM through the app's decoding and the model's own preprocessing.
--engine: what runs the forward pass: our WebAssembly engine, relaxed SIMD where this Node
       validates it, else plain SIMD (the default picks), or tfjs-wasm's fused ops.
--threads N: the engine's threads (default: all cores, at most 8).
--allow-ood: predict on an image that does not look like a frontal chest radiograph (the app's
       checks: modality, body part, view, colour, aspect ratio, exposure) instead of refusing it.
Exit codes: 0 done, 1 internal error, 2 bad input or usage, 3 wrong weights (a refused
checkpoint), 4 out of distribution.
`;

/**
 * @param path a weights file
 * @returns whether it is a torch.save file: named .pt/.pth, or starting with a zip local header
 *   or with the legacy format's first pickle (PROTO n, then LONG1 of the magic number)
 */
export async function isTorchCheckpointFile(path: string): Promise<boolean> {
  if (/\.safetensors$/i.test(path)) return false;
  if (/\.(pt|pth)$/i.test(path)) return true;
  try {
    if (!(await stat(path)).isFile()) return false; // never open a FIFO: it would wait
    const f = await open(path, 'r');
    const head = new Uint8Array(4);
    await f.read(head, 0, 4, 0);
    await f.close();
    return looksLikeTorchCheckpoint(head);
  } catch {
    return false;
  }
}

const OPTIONS = {
  arch: { type: 'string' },
  weights: { type: 'string' },
  npy: { type: 'string' },
  backend: { type: 'string' },
  engine: { type: 'string' },
  threads: { type: 'string' },
  calibrated: { type: 'boolean', default: false },
  'allow-ood': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

interface Request {
  readonly weightsPath: string;
  readonly weights: Uint8Array;
  readonly input: { readonly kind: 'npy' | 'image'; readonly bytes: Uint8Array };
  readonly arch: string | undefined;
  readonly calibrated: boolean;
  readonly backend: 'cpu' | 'wasm';
  readonly engine: CpuRuntime | undefined;
  readonly threads: number | undefined;
  readonly allowOod: boolean;
  readonly json: boolean;
}

async function request(args: readonly string[]): Promise<Request> {
  const { values: v, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: OPTIONS,
  });
  const image = positionals[0];
  if (v.weights === undefined) throw new UsageError('--weights is required');
  if ((v.npy === undefined) === (image === undefined))
    throw new UsageError('give exactly one input: --npy FILE or an IMAGE path');
  const backend = v.backend ?? 'cpu';
  if (backend !== 'cpu' && backend !== 'wasm')
    throw new UsageError(`--backend must be cpu or wasm, got '${backend}'`);
  const engine = CPU_RUNTIMES.find((r) => r === v.engine);
  if (v.engine !== undefined && engine === undefined)
    throw new UsageError(`--engine must be one of ${CPU_RUNTIMES.join(', ')}, got '${v.engine}'`);
  const threads = v.threads === undefined ? undefined : Number(v.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1))
    throw new UsageError(`--threads must be a whole number ≥ 1, got '${v.threads}'`);
  if (v.arch !== undefined && !isArchId(v.arch) && chestModel(v.arch) === undefined)
    throw new UsageError(
      `--arch '${v.arch}' is neither an architecture nor a TorchXRayVision weights name`,
    );
  return {
    weightsPath: v.weights,
    weights: await readUserFile(v.weights, WEIGHTS_FILE),
    input: {
      kind: v.npy === undefined ? 'image' : 'npy',
      bytes: await readUserFile(v.npy ?? image ?? '', v.npy === undefined ? IMAGE_FILE : NPY_FILE),
    },
    arch: v.arch,
    calibrated: v.calibrated,
    backend,
    engine,
    threads,
    allowOod: v['allow-ood'],
    json: v.json,
  };
}

async function load(req: Request): Promise<CheckpointModel> {
  const { modelFromCheckpoint } = await import('../zoo/weights/loadCheckpoint.ts');
  const fileName = req.weightsPath.slice(req.weightsPath.lastIndexOf('/') + 1);
  const chestId = req.arch !== undefined && chestModel(req.arch) ? req.arch : undefined;
  // a zoo architecture the file must hold: another one is refused (WRONG_ARCH, exit 3)
  const arch = req.arch !== undefined && chestId === undefined ? { arch: req.arch } : {};
  const loaded = modelFromCheckpoint(req.weights, {
    fileName,
    ...arch,
    ...(chestId ? { chestId } : {}),
  });
  if (req.calibrated && loaded.chest === null) {
    loaded.model.dispose();
    throw new UsageError(
      `--calibrated needs the weight set: add --arch with one of ${loaded.candidates.map((c) => c.id).join(', ') || '(none: this is no TorchXRayVision network)'}`,
    );
  }
  return loaded;
}

/**
 * Runs the model on the app's CPU path: the engine, or tfjs's fused ops where it cannot run.
 * @returns one row of logits per input, and what ran them
 */
async function logitsOf(
  tf: typeof Tf,
  loaded: CheckpointModel,
  input: Input,
): Promise<{ rows: number[][]; engine: TorchPredictResult['engine'] }> {
  const [n, c, s] = input.shape;
  const { compileForward } = await import('../worker/engine/cpuForward.ts');
  const fused = compileForward(loaded.model, loaded.detected.arch, {
    numClasses: loaded.numClasses,
    inputSize: s,
  });
  const x = tf.tensor4d(input.nhwc, [n, s, s, c]);
  const y = fused.predict(x);
  const rows = (await y.array()) as number[][];
  tf.dispose([x, y]);
  fused.dispose();
  return { rows, engine: { runtime: fused.runtime, note: fused.note } };
}

function modelOf(loaded: CheckpointModel, inputSize: number): TorchPredictResult['model'] {
  const { detected, chest } = loaded;
  return {
    arch: detected.arch,
    inChannels: detected.inChannels,
    numClasses: loaded.numClasses,
    inputSize,
    published: chest === null ? null : chestModelLabel(chest),
    candidates: loaded.candidates.map((m) => m.id),
    preprocess: detected.inChannels === 1 ? 'xrv' : 'imagenet',
  };
}

function predictionOf(
  logits: number[],
  labels: readonly string[],
  thresholds: readonly (number | null)[] | undefined,
): TorchPredictResult['predictions'][number] {
  const probabilities = logits.map(sigmoid);
  const calibrated = thresholds && probabilities.map((p, k) => opNorm(p, thresholds[k] ?? null));
  return {
    logits,
    probabilities,
    ...(calibrated ? { calibrated } : {}),
    chexpert: chexpertOf(labels, calibrated ?? probabilities),
  };
}

/**
 * @param req the checked request
 * @returns labels, logits, probabilities (and calibrated values) per input, with what was loaded
 */
export async function predictTorch(req: Request): Promise<TorchPredictResult> {
  // the image first, as on the safetensors path: a refused image costs no model load
  const checked: CheckedImage | null =
    req.input.kind === 'image' ? await checkedImage(req.input.bytes, req.allowOod) : null;
  const tf = await loadTf(req.backend);
  const loaded = await load(req);
  const { startNodeEngine, stopNodeEngine } = await import('./wasmEngine.ts');
  const state = await startNodeEngine(req.engine, req.threads);
  try {
    const { detected, chest, checkpoint } = loaded;
    const input =
      checked === null
        ? fromNpy(req.input.bytes, detected.inChannels)
        : await fromImage(checked, loaded, detected.inChannels === 1);
    const ran = await logitsOf(tf, loaded, input);
    const rows = finiteLogits(ran.rows);
    const labels =
      chest?.outputs.value ??
      loaded.candidates[0]?.outputs.value ??
      rows[0]?.map((_, k) => `output ${k}`) ??
      [];
    const thresholds = req.calibrated ? chest?.opThreshs.value : undefined;
    const { format, content, moduleClass, fileBytes } = checkpoint;
    return {
      model: modelOf(loaded, input.shape[2]),
      checkpoint: { format, content, moduleClass, fileBytes },
      weights: loaded.report,
      backend: tf.getBackend(),
      engine: {
        ...ran.engine,
        threads: state.engine === null ? null : state.threads,
        note: ran.engine.note ?? state.reason,
      },
      inputShape: input.shape,
      ...(checked?.ood === undefined ? {} : { ood: checked.ood }),
      ...(checked === null ? {} : { imageNotes: checked.notes }),
      labels,
      predictions: rows.map((logits) => predictionOf(logits, labels, thresholds)),
    };
  } finally {
    loaded.model.dispose();
    stopNodeEngine();
  }
}

/**
 * @param args command-line arguments after `predict`
 * @param io output streams
 * @returns 0; a refusal is thrown, and `main` prints it with its exit code (src/cli/refusal.ts)
 */
export async function run(args: readonly string[], io: Io): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(HELP);
    return 0;
  }
  const req = await request(args);
  const result = await predictTorch(req);
  io.out(req.json ? JSON.stringify(result) + '\n' : describeTorchResult(result));
  return 0;
}
