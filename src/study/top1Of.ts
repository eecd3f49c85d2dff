/**
 * The x value of the ImageNet top-1 chart: the top-1 of the weights a study actually used. For
 * ImageNet-pretrained results that is the study's declared weights (designs.ts), the app's own
 * weights for My runs, or, where neither is known, the reader's chosen published set. Random-init
 * results use the chosen set (no weights were used; the architecture's published accuracy is the
 * x, as in CheXtransfer). Other pretraining has no supervised top-1 at all.
 */
import { CATALOG, isArchId } from '../zoo/catalog.ts';
import type { Top1Set } from '../zoo/types.ts';
import type { ChartArch } from './architectures.ts';
import type { InitGroup } from './chartTypes.ts';
import { designOf } from './design.ts';
import type { Study } from './types.ts';

const TOP1_LABEL: Record<Top1Set, string> = {
  paperEra: 'paper-era torchvision/library table',
  torchvision: 'torchvision weights metadata',
  timm: 'timm results-imagenet.csv',
};

/**
 * Describes an ImageNet top-1 source set for axis labels.
 * @param set the source set
 * @returns a short human label
 */
export function top1SetLabel(set: Top1Set): string {
  return TOP1_LABEL[set];
}

/** A top-1 x value with its source, or why there is none. */
export type Top1Resolution =
  | { readonly ok: true; readonly value: number; readonly source: string }
  | { readonly ok: false; readonly reason: string };

/** Why other-pretraining points have no top-1 x. */
export const OTHER_PRETRAINING_REASON =
  'other pretraining (not ImageNet-supervised): no supervised ImageNet top-1 applies';

/**
 * @param study the study the result belongs to
 * @param group the result's initialisation group
 * @param facts the architecture's facts
 * @param top1Set the reader's chosen published set
 * @returns the x value and its source, or the reason the point cannot be placed
 */
export function top1Of(
  study: Study,
  group: InitGroup,
  facts: ChartArch,
  top1Set: Top1Set,
): Top1Resolution {
  if (group === 'other') return { ok: false, reason: OTHER_PRETRAINING_REASON };
  if (group === 'pretrained') {
    const used = designOf(study).weights[facts.key];
    if (used?.kind === 'known')
      return { ok: true, value: used.top1, source: `${used.name}: ${used.source} (${used.basis})` };
    if (used?.kind === 'not-stated')
      return { ok: false, reason: `the study does not name its ImageNet weights (${used.reason})` };
    if (study.kind === 'runs' && isArchId(facts.key)) {
      const w = CATALOG[facts.key].weights;
      return {
        ok: true,
        value: w.top1.value,
        source: `${w.hfRepo}, the weights the Train tab loads: ${w.top1.source}`,
      };
    }
  }
  const t = facts.top1[top1Set];
  return t
    ? { ok: true, value: t.value, source: t.source }
    : { ok: false, reason: `no ImageNet top-1 in the ${top1SetLabel(top1Set)}` };
}
