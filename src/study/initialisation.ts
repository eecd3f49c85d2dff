/**
 * A result's initialisation group. ImageNet-supervised weights, random initialisation, and a third
 * group for every other pretraining (self-supervised on ImageNet, in-domain chest X-ray
 * pretraining, image-text or segmentation encoders): those weights have no supervised ImageNet
 * top-1, so they never join the ImageNet-pretrained statistics. Pure data and one reader.
 */
import type { InitGroup } from './chartTypes.ts';
import type { ModelResult } from './types.ts';

/**
 * The flag of a run trained in this browser from a chest-X-ray checkpoint (the Train tab's
 * "in-domain pretrained"; `initialisedFrom` in its run record). Its record says `pretrained:
 * false` (no ImageNet weights), yet it is no random start either: it belongs to "other".
 */
export const IN_DOMAIN_START_FLAG = 'in-domain start';

/** Result flags (set by the study files, importers and My runs) that mean "pretrained, but not ImageNet-supervised". */
export const OTHER_PRETRAINING_FLAGS: readonly string[] = [
  'not-imagenet-supervised',
  'imagenet-self-supervised',
  'in-domain-pretraining',
  'non-imagenet-pretraining',
  IN_DOMAIN_START_FLAG,
];

/**
 * @param result a result (its `pretrained` flag and its flags)
 * @returns its initialisation group
 */
export function initGroupOf(result: Pick<ModelResult, 'pretrained' | 'flags'>): InitGroup {
  if (result.flags.some((f) => OTHER_PRETRAINING_FLAGS.includes(f))) return 'other';
  if (result.pretrained === null) return 'unstated';
  return result.pretrained ? 'pretrained' : 'random';
}
