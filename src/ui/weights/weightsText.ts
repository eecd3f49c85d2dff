/**
 * Pure helpers of the weights card: the default source of an architecture (from the catalog),
 * byte formatting, and the parts of a load report the card lists.
 */
import type { LoadReport } from '../../worker/protocol.ts';
import { CATALOG, type ArchId } from '../../zoo/catalog.ts';

/**
 * @param arch architecture id
 * @returns the Hugging Face URL of the catalog's recommended timm weights file
 */
export function defaultWeightsUrlOf(arch: ArchId): string {
  const w = CATALOG[arch].weights;
  return `https://huggingface.co/${w.hfRepo}/resolve/main/${w.file}`;
}

/**
 * @param bytes a size in bytes
 * @returns it in MB (10^6 bytes) with two decimals, plus the exact byte count below 1 MB
 */
export function formatBytes(bytes: number): string {
  const mb = `${(bytes / 1e6).toFixed(2)} MB`;
  return bytes < 1e6 ? `${mb} (${bytes.toLocaleString('en-US')} bytes)` : mb;
}

/**
 * @param report a load report
 * @returns the skipped tensors whose unit the truncation removed
 */
export function removedByTruncation(report: LoadReport): LoadReport['skipped'] {
  return report.skipped.filter((s) => s.reason.includes('removed by truncation'));
}

/**
 * @param report a load report
 * @returns the other skipped tensors (BN counters, the ImageNet classifier, auxiliary heads)
 */
export function otherSkips(report: LoadReport): LoadReport['skipped'] {
  return report.skipped.filter((s) => !s.reason.includes('removed by truncation'));
}

/**
 * @param done bytes received
 * @param total bytes expected (0 when unknown)
 * @returns whole percent, or null when the total is unknown
 */
export function percentOf(done: number, total: number): number | null {
  return total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : null;
}
