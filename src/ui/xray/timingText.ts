/**
 * Where one image's time went, in words for the result card: the worker's own clock
 * (inferenceProtocol.ts `FileTiming` and `ModelTiming`), so a slow image says whether decoding,
 * preprocessing or the model took the time.
 */
import type { FileTiming, ModelTiming } from '../../worker/protocol.ts';

const ms = (v: number): string => `${v < 10 ? v.toFixed(1) : v.toFixed(0)} ms`;

/**
 * @param t the file's timing (absent on results from before it existed)
 * @returns e.g. "Time on this device: 183 ms (decoding 52 ms · model inputs 7.3 ms · models 123 ms)",
 *   or '' without timing
 */
export function fileTimingText(t: FileTiming | undefined): string {
  if (t === undefined) return '';
  const total = t.decodeMs + t.prepareMs + t.modelsMs;
  return `Time on this device: ${ms(total)} (decoding ${ms(t.decodeMs)} · model inputs ${ms(t.prepareMs)} · models ${ms(t.modelsMs)})`;
}

/**
 * @param t one model's timing on one image
 * @returns e.g. "forward 113 ms · Grad-CAM 8.0 ms · reading back 1.9 ms"; on a GPU, where the
 *   stages only queue work, the total and what it was spent on; '' without timing
 */
export function modelTimingText(t: ModelTiming | undefined): string {
  if (t === undefined) return '';
  if (t.queued) {
    const total = t.forwardMs + t.saliencyMs + t.readMs;
    const what = t.saliencyMs > 0 ? 'forward and Grad-CAM' : 'forward';
    return `${what} on the GPU ${ms(total)} (queued in ${ms(t.forwardMs + t.saliencyMs)}, the rest waiting for the GPU)`;
  }
  const parts = [`forward ${ms(t.forwardMs)}`];
  if (t.saliencyMs > 0) parts.push(`Grad-CAM ${ms(t.saliencyMs)}`);
  parts.push(`reading back ${ms(t.readMs)}`);
  return parts.join(' · ');
}
