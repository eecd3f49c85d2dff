/**
 * BatchNorm epsilon of a weights file's origin. torchvision and timm build some architectures
 * with different eps (MobileNetV3-Large: torchvision 1e-3, timm 1e-5), and a model reproduces a
 * checkpoint's outputs only with its origin's eps, so the model is built for the file
 * (`buildModel(..., { bnEpsilon })`), not the file squeezed into the catalog's model. Pure: no
 * '@tensorflow/*'.
 */
import type { ArchId } from '../catalog.ts';
import { getArch } from '../registry.ts';
import { detectScheme, type NamingScheme } from './naming.ts';
import type { SafetensorsFile } from './safetensors.ts';
import { modernDensenetKey, TORCHVISION_BN_EPS } from './torchvisionNames.ts';

/**
 * The BatchNorm epsilon of the file's origin: torchvision's where its names are torchvision's
 * and torchvision differs from timm (MobileNetV3-Large: 1e-3 vs 1e-5), else a `bnEpsilon` the
 * app wrote into the metadata of a model it saved, else the catalog's (timm's).
 * @param arch architecture id
 * @param scheme the file's naming scheme
 * @param metadata the file's `__metadata__`
 * @returns the epsilon to build the model with
 */
export function originBnEpsilon(
  arch: ArchId,
  scheme: NamingScheme,
  metadata: Readonly<Record<string, string>> | null,
): number {
  const tvEps = TORCHVISION_BN_EPS[arch];
  if (scheme === 'torchvision' && tvEps !== undefined) return tvEps;
  const saved = Number(metadata?.bnEpsilon);
  return metadata?.bnEpsilon !== undefined && saved > 0 ? saved : getArch(arch).meta.bnEpsilon;
}

/**
 * @param arch architecture id
 * @param eps the epsilon the file's origin uses
 * @returns a note for the load report when it is not timm's (the catalog's)
 */
export function bnEpsilonNotes(arch: ArchId, eps: number): string[] {
  const timm = getArch(arch).meta.bnEpsilon;
  if (eps === timm) return [];
  return [
    `BatchNorm eps ${eps} (the file's origin; timm's ${arch} uses ${timm}): the model is built with it`,
  ];
}

/**
 * The epsilon a model must be built with to reproduce a file's origin, without matching it.
 * @param archId architecture id
 * @param file parsed safetensors file
 * @returns see `originBnEpsilon`
 */
export function bnEpsilonForFile(archId: string, file: SafetensorsFile): number {
  const arch = getArch(archId);
  const keys = [...file.tensors.keys()].map(modernDensenetKey);
  return originBnEpsilon(arch.id, detectScheme(arch.id, keys).scheme, file.metadata);
}
