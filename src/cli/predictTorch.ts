/**
 * `chextransfer predict --weights FILE.pt (--npy X.npy | IMAGE) [--arch ID] [--calibrated]
 *   [--backend cpu|wasm] [--json]`: a PyTorch checkpoint (state dict or whole module, zip or
 * legacy torch.save) run in Node with the app's reader, model detection, preprocessing and
 * fused inference path. `predict.ts` hands `.pt`/`.pth` files (by content) over to this module.
 */
import { open, readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CHEXPERT_TASKS } from '../study/types.ts';
import { chestModel, chestModelLabel, CHEXPERT_IN_XRV } from '../zoo/chestCatalog.ts';
import { isArchId } from '../zoo/catalog.ts';
import type { CheckpointModel } from '../zoo/weights/loadCheckpoint.ts';
import type { LoadReport } from '../zoo/weights/match.ts';
import type { Io } from './command.ts';
import { UsageError } from './command.ts';
import { chexpertOf, fromImage, fromNpy, opNorm, sigmoid } from './torchInputs.ts';

const HELP = `usage: chextransfer predict --weights FILE.pt (--npy INPUT.npy | IMAGE) [--arch ID]
                           [--calibrated] [--backend cpu|wasm] [--json]

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
`;

/** What the command prints (as JSON with --json). */
export interface TorchPredictResult {
  readonly model: {
    readonly arch: string;
    readonly inChannels: number;
    readonly numClasses: number;
    readonly inputSize: number;
    /** The published model it is, e.g. "TorchXRayVision densenet121-res224-chex", or null. */
    readonly published: string | null;
    readonly candidates: readonly string[];
    readonly preprocess: 'xrv' | 'imagenet';
  };
  readonly checkpoint: {
    readonly format: string;
    readonly content: string;
    readonly moduleClass: string | null;
    readonly fileBytes: number;
  };
  readonly weights: LoadReport;
  readonly backend: string;
  readonly inputShape: readonly number[];
  /** One label per output ('' where the model was not trained for it). */
  readonly labels: readonly string[];
  readonly predictions: readonly {
    readonly logits: readonly number[];
    readonly probabilities: readonly number[];
    readonly calibrated?: readonly (number | null)[];
    /** The five CheXpert tasks' probabilities (calibrated with --calibrated); null: not predicted. */
    readonly chexpert: Readonly<Record<string, number | null>>;
  }[];
}

/**
 * @param path a weights file
 * @returns whether it is a torch.save file: named .pt/.pth, or starting with a zip local header
 *   or with the legacy format's first pickle (PROTO n, then LONG1 of the magic number)
 */
export async function isTorchCheckpointFile(path: string): Promise<boolean> {
  if (/\.safetensors$/i.test(path)) return false;
  if (/\.(pt|pth)$/i.test(path)) return true;
  try {
    const f = await open(path, 'r');
    const head = new Uint8Array(4);
    await f.read(head, 0, 4, 0);
    await f.close();
    const zip = head[0] === 0x50 && head[1] === 0x4b && head[2] === 3 && head[3] === 4;
    return zip || (head[0] === 0x80 && (head[1] ?? 9) <= 5 && head[2] === 0x8a);
  } catch {
    return false;
  }
}

const OPTIONS = {
  arch: { type: 'string' },
  weights: { type: 'string' },
  npy: { type: 'string' },
  backend: { type: 'string' },
  calibrated: { type: 'boolean', default: false },
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
  readonly json: boolean;
}

async function readBytes(p: string, what: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(p));
  } catch (e) {
    throw new UsageError(`cannot read ${what} '${p}': ${(e as Error).message}`);
  }
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
  if (v.arch !== undefined && !isArchId(v.arch) && chestModel(v.arch) === undefined)
    throw new UsageError(
      `--arch '${v.arch}' is neither an architecture nor a TorchXRayVision weights name`,
    );
  return {
    weightsPath: v.weights,
    weights: await readBytes(v.weights, '--weights'),
    input: {
      kind: v.npy === undefined ? 'image' : 'npy',
      bytes: await readBytes(v.npy ?? image ?? '', 'input'),
    },
    arch: v.arch,
    calibrated: v.calibrated,
    backend,
    json: v.json,
  };
}

async function load(req: Request): Promise<CheckpointModel> {
  const { modelFromCheckpoint } = await import('../zoo/weights/loadCheckpoint.ts');
  const fileName = req.weightsPath.slice(req.weightsPath.lastIndexOf('/') + 1);
  const chestId = req.arch !== undefined && chestModel(req.arch) ? req.arch : undefined;
  const loaded = modelFromCheckpoint(req.weights, { fileName, ...(chestId ? { chestId } : {}) });
  if (req.arch !== undefined && chestId === undefined && loaded.detected.arch !== req.arch) {
    loaded.model.dispose();
    throw new UsageError(`--arch ${req.arch}: the file holds a ${loaded.detected.arch}`);
  }
  if (req.calibrated && loaded.chest === null) {
    loaded.model.dispose();
    throw new UsageError(
      `--calibrated needs the weight set: add --arch with one of ${loaded.candidates.map((c) => c.id).join(', ') || '(none: this is no TorchXRayVision network)'}`,
    );
  }
  return loaded;
}

/**
 * @param req the checked request
 * @returns labels, logits, probabilities (and calibrated values) per input, with what was loaded
 */
export async function predictTorch(req: Request): Promise<TorchPredictResult> {
  const tf = await import('@tensorflow/tfjs');
  if (req.backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend(req.backend)))
    throw new Error(`backend ${req.backend} failed to start`);
  const loaded = await load(req);
  const { model, detected, chest } = loaded;
  try {
    const xrv = detected.inChannels === 1;
    const input =
      req.input.kind === 'npy'
        ? fromNpy(req.input.bytes, detected.inChannels)
        : await fromImage(req.input.bytes, loaded, xrv);
    const [n, c, s] = input.shape;
    const { compileFused } = await import('../zoo/fused.ts');
    const fused = compileFused(model, detected.arch, {
      numClasses: loaded.numClasses,
      inputSize: s,
    });
    const x = tf.tensor4d(input.nhwc, [n, s, s, c]);
    const y = fused.predict(x);
    const rows = (await y.array()) as number[][];
    tf.dispose([x, y]);
    fused.dispose();
    const labels =
      chest?.outputs.value ??
      loaded.candidates[0]?.outputs.value ??
      rows[0]?.map((_, k) => `output ${k}`) ??
      [];
    const thresholds = chest?.opThreshs.value;
    return {
      model: {
        arch: detected.arch,
        inChannels: detected.inChannels,
        numClasses: loaded.numClasses,
        inputSize: s,
        published: chest === null ? null : chestModelLabel(chest),
        candidates: loaded.candidates.map((m) => m.id),
        preprocess: xrv ? 'xrv' : 'imagenet',
      },
      checkpoint: {
        format: loaded.checkpoint.format,
        content: loaded.checkpoint.content,
        moduleClass: loaded.checkpoint.moduleClass,
        fileBytes: loaded.checkpoint.fileBytes,
      },
      weights: loaded.report,
      backend: tf.getBackend(),
      inputShape: input.shape,
      labels,
      predictions: rows.map((logits) => {
        const probabilities = logits.map(sigmoid);
        const calibrated =
          req.calibrated && thresholds
            ? probabilities.map((p, k) => opNorm(p, thresholds[k] ?? null))
            : undefined;
        return {
          logits,
          probabilities,
          ...(calibrated ? { calibrated } : {}),
          chexpert: chexpertOf(labels, calibrated ?? probabilities),
        };
      }),
    };
  } finally {
    model.dispose();
  }
}

function describe(r: TorchPredictResult): string {
  const f = (v: number | null): string => (v === null ? 'not predicted' : v.toFixed(4));
  const lines = [
    `${r.model.published ?? r.model.arch} (${r.model.arch}, ${r.model.inChannels} input channel(s), ${r.model.numClasses} outputs), ${r.checkpoint.format} ${r.checkpoint.content}${r.checkpoint.moduleClass ? ` ${r.checkpoint.moduleClass}` : ''}, backend ${r.backend}, input [${r.inputShape.join(', ')}]`,
    `weights: ${r.weights.loaded} tensors loaded (${(r.checkpoint.fileBytes / 1e6).toFixed(1)} MB file)`,
  ];
  if (r.model.published === null && r.model.candidates.length > 1)
    lines.push(
      `  note: weight set not identified from the file name; labels of ${r.model.candidates[0]}; --arch names it`,
    );
  r.predictions.forEach((p, i) => {
    for (const [task, v] of Object.entries(p.chexpert))
      lines.push(`input ${i}: ${task.padEnd(17)} ${f(v)}`);
    r.labels.forEach((label, k) => {
      if (label === '' || CHEXPERT_TASKS.some((t) => t === label || CHEXPERT_IN_XRV[t] === label))
        return;
      lines.push(
        `input ${i}: ${label.padEnd(17)} ${f(p.calibrated?.[k] ?? p.probabilities[k] ?? null)}`,
      );
    });
  });
  return lines.join('\n') + '\n';
}

/**
 * @param args command-line arguments after `predict`
 * @param io output streams
 * @returns the exit code (0 ok, 1 checkpoint refused, 2 usage)
 */
export async function run(args: readonly string[], io: Io): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(HELP);
    return 0;
  }
  const req = await request(args);
  try {
    const result = await predictTorch(req);
    io.out(req.json ? JSON.stringify(result) + '\n' : describe(result));
    return 0;
  } catch (e) {
    const { explainCheckpointError } = await import('../zoo/weights/checkpointMessages.ts');
    const why = explainCheckpointError(e);
    if (why === null) throw e;
    io.err(
      `chextransfer predict: ${why.message} (${why.code}${why.detail ? `: ${why.detail}` : ''})\n`,
    );
    return 1;
  }
}
