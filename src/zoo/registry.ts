/**
 * The registry: one entry per architecture, joining the catalog (data) with its family's plan
 * builder. Pure: no '@tensorflow/*' (the analytic counter uses it on the main thread).
 */
import { densenetPlan, DENSENET_VARIANTS, type DensenetVariant } from './archs/densenet.ts';
import {
  efficientnetPlan,
  EFFICIENTNET_VARIANTS,
  type EfficientnetVariant,
} from './archs/efficientnet.ts';
import { inceptionV3Plan } from './archs/inceptionV3.ts';
import { inceptionV4Plan } from './archs/inceptionV4.ts';
import { resnetPlan, RESNET_VARIANTS, type ResnetVariant } from './archs/resnet.ts';
import { ARCH_IDS, CATALOG, isArchId, type ArchId } from './catalog.ts';
import type { Plan } from './plan.ts';
import type { ArchMeta } from './types.ts';

type Planner = (eps: number) => Plan;

const familyPlanners = <K extends string>(
  variants: Record<K, unknown>,
  f: (v: K, eps: number) => Plan,
) =>
  Object.fromEntries(
    Object.keys(variants).map((k) => [k, (eps: number) => f(k as K, eps)]),
  ) as Record<K, Planner>;

const PLANNERS = {
  ...familyPlanners<DensenetVariant>(DENSENET_VARIANTS, densenetPlan),
  ...familyPlanners<ResnetVariant>(RESNET_VARIANTS, resnetPlan),
  ...familyPlanners<EfficientnetVariant>(EFFICIENTNET_VARIANTS, efficientnetPlan),
  inception_v3: inceptionV3Plan,
  inception_v4: inceptionV4Plan,
} satisfies Record<ArchId, Planner>;

/** An architecture: its catalog entry and its (lazily built, cached) plan. */
export interface ArchEntry {
  readonly id: ArchId;
  readonly meta: ArchMeta;
  /** @returns the full plan (same object on every call) */
  plan(): Plan;
}

const cache = new Map<ArchId, ArchEntry>();

/**
 * @param id architecture id (timm name)
 * @returns its registry entry
 * @throws Error on an unknown id
 */
export function getArch(id: string): ArchEntry {
  if (!isArchId(id)) throw new Error(`unknown architecture "${id}"; known: ${ARCH_IDS.join(', ')}`);
  let entry = cache.get(id);
  if (entry === undefined) {
    const meta: ArchMeta = CATALOG[id];
    let plan: Plan | null = null;
    entry = { id, meta, plan: () => (plan ??= PLANNERS[id](meta.bnEpsilon)) };
    cache.set(id, entry);
  }
  return entry;
}

/** @returns the 16 architecture ids in catalog order */
export function listArchs(): ArchId[] {
  return [...ARCH_IDS];
}
