/**
 * What the charts need to know about each architecture key a study uses: label, family, parameter
 * count and ImageNet top-1, each number with its source. The 16 CheXtransfer models come from the
 * zoo CATALOG (single source of truth, not copied); the others from architectureExtras.ts.
 */
import { CATALOG } from '../zoo/catalog.ts';
import type { Sourced, Top1Set } from '../zoo/types.ts';
import { EXTRA_ARCHITECTURES } from './architectureExtras.ts';

/** An architecture as plotted. */
export interface ChartArch {
  key: string;
  label: string;
  family: string;
  inChexTransfer: boolean;
  params1000: Sourced<number> | null;
  top1: Partial<Record<Top1Set, Sourced<number>>>;
}

function build(): Record<string, ChartArch> {
  const out: Record<string, ChartArch> = {};
  for (const meta of Object.values(CATALOG)) {
    out[meta.id] = {
      key: meta.id,
      label: meta.label,
      family: meta.family,
      inChexTransfer: true,
      params1000: meta.params1000,
      top1: meta.top1,
    };
  }
  for (const [key, extra] of Object.entries(EXTRA_ARCHITECTURES)) {
    out[key] = {
      key,
      label: extra.label,
      family: extra.family,
      inChexTransfer: false,
      params1000: extra.params1000,
      top1: extra.top1,
    };
  }
  return out;
}

/** Every known architecture key: the 16 CheXtransfer models first, then the extras. */
export const ARCHITECTURES: Readonly<Record<string, ChartArch>> = Object.freeze(build());

/**
 * @param key a timm id or an extra key, e.g. 'densenet121' or 'vgg16'
 * @returns the architecture, or undefined for an unknown key
 */
export function getChartArch(key: string): ChartArch | undefined {
  return Object.hasOwn(ARCHITECTURES, key) ? ARCHITECTURES[key] : undefined;
}

/** Families in first-seen order (CheXtransfer's six first). */
export const FAMILIES: readonly string[] = [
  ...new Set(Object.values(ARCHITECTURES).map((a) => a.family)),
];
