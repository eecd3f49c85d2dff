/**
 * What `chextransfer predict --weights FILE.pt` prints (predictTorch.ts): the result's shape, as
 * JSON with --json, and its plain-text form.
 */
import type { OodResult } from '../imaging/index.ts';
import { CHEXPERT_TASKS } from '../study/types.ts';
import { CHEXPERT_IN_XRV } from '../zoo/chestCatalog.ts';
import type { LoadReport } from '../zoo/weights/match.ts';

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
  /** What ran the forward pass: the engine's build (threads), tfjs-wasm, or tfjs; and why not the engine. */
  readonly engine: {
    readonly runtime: string;
    readonly threads?: number | null;
    readonly note: string | null;
  };
  readonly inputShape: readonly number[];
  /** The image's out-of-distribution verdict (images only; present when flagged and allowed). */
  readonly ood?: OodResult;
  /** What the decoder noted about the image (e.g. an inversion for MONOCHROME1). */
  readonly imageNotes?: readonly string[];
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

/** @returns e.g. "engine relaxed-simd (2 threads)" or "tfjs-wasm (why)" */
function engineText(e: TorchPredictResult['engine']): string {
  const threads = e.threads ? ` (${e.threads} thread${e.threads === 1 ? '' : 's'})` : '';
  const what =
    e.runtime === 'relaxed-simd' || e.runtime === 'simd' ? `engine ${e.runtime}` : e.runtime;
  return `${what}${threads}${e.note ? ` [${e.note}]` : ''}`;
}

/**
 * @param r a result
 * @returns the model and file in two lines, image notes and allowed OOD reasons, then every
 *   input's CheXpert tasks ("not predicted" where the model has none) and other outputs
 */
export function describeTorchResult(r: TorchPredictResult): string {
  const f = (v: number | null): string => (v === null ? 'not predicted' : v.toFixed(4));
  const lines = [
    `${r.model.published ?? r.model.arch} (${r.model.arch}, ${r.model.inChannels} input channel(s), ${r.model.numClasses} outputs), ${r.checkpoint.format} ${r.checkpoint.content}${r.checkpoint.moduleClass ? ` ${r.checkpoint.moduleClass}` : ''}, backend ${r.backend}, ${engineText(r.engine)}, input [${r.inputShape.join(', ')}]`,
    `weights: ${r.weights.loaded} tensors loaded (${(r.checkpoint.fileBytes / 1e6).toFixed(1)} MB file)`,
    ...(r.imageNotes ?? []).map((n) => `image: ${n}`),
    ...(r.ood?.reasons ?? []).map((o) => `warning (--allow-ood): ${o.code}: ${o.message}`),
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
