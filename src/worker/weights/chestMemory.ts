/**
 * The last chest-X-ray checkpoint loaded per architecture, for 'in-domain' training runs (the
 * Train tab's third initialisation): its bytes, or its URL when Cache Storage holds it.
 */
import { readTorchCheckpoint } from '../../zoo/weights/torchCheckpoint.ts';
import type { SafetensorsFile } from '../../zoo/weights/safetensors.ts';
import { setInDomainWeightsLoader } from '../training/training.ts';
import type { ChestProvenance } from './provenance.ts';
import * as source from './weightsSource.ts';

interface Remembered {
  readonly label: string;
  /** The file's name (a published one identifies its weight set). */
  readonly fileName: string;
  readonly bytes: number;
  readonly buffer: ArrayBuffer | null;
  readonly url?: string;
  /** Whether the file was tied to a published source when it was loaded. */
  readonly provenance?: ChestProvenance;
}

const remembered = new Map<string, Remembered>();

/**
 * @param arch zoo architecture of the checkpoint's network
 * @param what its label, bytes and, when downloaded, its URL (re-read from the cache later)
 */
export function rememberChestCheckpoint(
  arch: string,
  what: {
    readonly label: string;
    readonly fileName: string;
    readonly buffer: ArrayBuffer;
    readonly url?: string;
    readonly provenance?: ChestProvenance;
  },
): void {
  const keep = what.url === undefined ? what.buffer : null;
  remembered.set(arch, {
    label: what.label,
    fileName: what.fileName,
    bytes: what.buffer.byteLength,
    buffer: keep,
    ...(what.url === undefined ? {} : { url: what.url }),
    ...(what.provenance === undefined ? {} : { provenance: what.provenance }),
  });
}

/**
 * @param arch architecture id
 * @returns whether an 'in-domain' run can start from a chest-X-ray checkpoint, and its label
 */
export function inDomainWeightsAvailable(arch: string): { available: boolean; source?: string } {
  const r = remembered.get(arch);
  if (r === undefined) return { available: false };
  return { available: true, source: `${r.label} (${(r.bytes / 1e6).toFixed(1)} MB)` };
}

/**
 * @param arch architecture id
 * @returns the remembered checkpoint's bytes (a copy: the caller may transfer them) and name
 * @throws Error when none was loaded for this architecture in this worker
 */
export async function rememberedChestBytes(arch: string): Promise<{
  buffer: ArrayBuffer;
  fileName: string;
  label: string;
  provenance?: ChestProvenance;
}> {
  const r = remembered.get(arch);
  if (r === undefined)
    throw new Error(
      `No chest-X-ray checkpoint of ${arch} was loaded: load one in the X-ray panel's "Chest X-ray models" first.`,
    );
  const buffer = r.buffer?.slice(0) ?? (await source.downloadWeights(r.url ?? '')).buffer;
  const provenance = r.provenance === undefined ? {} : { provenance: r.provenance };
  return { buffer, fileName: r.fileName, label: r.label, ...provenance };
}

/**
 * @param arch architecture id
 * @returns the remembered checkpoint's tensors (op_threshs left out) and its label
 * @throws Error when none was loaded for this architecture in this worker
 */
export async function inDomainWeights(
  arch: string,
): Promise<{ file: SafetensorsFile; label: string }> {
  const r = remembered.get(arch);
  if (r === undefined)
    throw new Error(
      `No chest-X-ray checkpoint of ${arch} was loaded: load one in the X-ray panel's "Chest X-ray models" first.`,
    );
  const { buffer } = await rememberedChestBytes(arch);
  const { file } = readTorchCheckpoint(buffer);
  const tensors = new Map([...file.tensors].filter(([k]) => k !== 'op_threshs'));
  return { file: { ...file, tensors }, label: r.label };
}

setInDomainWeightsLoader(inDomainWeights);
