/**
 * A grid's in-domain initialisation: where each architecture's chest-X-ray checkpoint is (the
 * spec's file or URL, `{arch}` replaced, else the named TorchXRayVision model's published URL),
 * what the runs call it, and whether a named model can start an architecture at all. Pure; the
 * command line reads the bytes (src/cli/gridRequest.ts) and the training code loads them.
 */
import {
  CHEST_MODELS,
  chestModel,
  chestModelFileName,
  chestModelLabel,
  type ChestModelMeta,
} from '../zoo/chestCatalog.ts';
import type { GridInit } from './spec.ts';

/** The in-domain member of the spec's initialisations. */
export type InDomainInit = Extract<GridInit, { kind: 'in-domain' }>;

/** Where one task's chest-X-ray checkpoint comes from and what its run records. */
export interface InDomainSource {
  /** A path (relative to the spec) or an http(s) URL. */
  readonly where: string;
  /** The file's name (the last part of the path or URL). */
  readonly fileName: string;
  /** What the run records as `initialisedFrom`: the catalog label when known, else the file name. */
  readonly label: string;
  /** The TorchXRayVision weight set the file must fit (when the spec names one). */
  readonly chestId?: string;
}

/**
 * Input channels of an in-domain task's network: TorchXRayVision's grey input, as the training
 * code builds it (src/worker/training/prepareModel.ts `inChannelsOf`); other starts take RGB.
 * @param init an initialisation
 * @returns 1 for an in-domain start, else 3
 */
export const inChannelsOfInit = (init: GridInit): number => (init.kind === 'in-domain' ? 1 : 3);

/** @returns the architectures TorchXRayVision publishes models of, e.g. "densenet121, resnet50" */
const coveredArchs = (): string => [...new Set(CHEST_MODELS.map((m) => m.arch))].join(', ');

/**
 * @param init an in-domain initialisation (validated: it has `checkpoint` or a known `model`)
 * @param arch the task's architecture
 * @returns the checkpoint's location, file name, label and weight set
 */
export function inDomainSource(init: InDomainInit, arch: string): InDomainSource {
  const named = init.model === undefined ? undefined : chestModel(init.model);
  const where = init.checkpoint?.replaceAll('{arch}', arch) ?? named?.url.value ?? '';
  const bare = where.replace(/[?#].*$/, '');
  const fileName = bare.slice(bare.lastIndexOf('/') + 1);
  // a published file keeps its catalog name even when the spec gives only the file
  const known: ChestModelMeta | undefined =
    named ?? CHEST_MODELS.find((m) => chestModelFileName(m) === fileName);
  return {
    where,
    fileName,
    label: known === undefined ? fileName : chestModelLabel(known),
    ...(named === undefined ? {} : { chestId: named.id }),
  };
}

/**
 * @param init an in-domain initialisation
 * @param arch an architecture of the grid
 * @returns why the named model cannot start that architecture, or null (always null for a file:
 *   the runner checks the file's network when it reads it)
 */
export function inDomainMismatch(init: InDomainInit, arch: string): string | null {
  const named = init.model === undefined ? undefined : chestModel(init.model);
  if (named === undefined || named.arch === arch) return null;
  const others = CHEST_MODELS.filter((m) => m.arch === arch).map((m) => m.id);
  const fix =
    others.length > 0
      ? `start it from ${others.join(' or ')} in another grid`
      : `TorchXRayVision publishes models of ${coveredArchs()} only; give a checkpoint file of ${arch} instead`;
  return `the in-domain model ${named.id} is a ${named.arch}, so it cannot start ${arch}: remove ${arch} from this grid, or ${fix}`;
}
