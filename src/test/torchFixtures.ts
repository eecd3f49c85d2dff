/**
 * The PyTorch checkpoint fixtures of scripts/fixtures/xrv_fixtures.py (Node only, for tests and
 * benchmarks). Small files are read as they are; the full-size models are rebuilt from their
 * committed recipe: the synthetic storages are regenerated (src/zoo/weights/synthetic.ts, the
 * same generator the script used) and put back into the skeleton, and the result must have the
 * SHA-256 of the file torch.save wrote.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'fflate';
import { syntheticValues, uniform } from '../zoo/weights/synthetic.ts';

/** Where the fixtures live. */
export const TORCH_FIXTURES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../zoo/weights/fixtures/torch',
);

/** The full-size models the script describes. */
export const BIG_FIXTURES = [
  'xrv_densenet121_module_legacy',
  'xrv_densenet121_module_zip',
  'xrv_densenet121_state_zip',
  'xrv_resnet50_state_zip',
] as const;
export type BigFixture = (typeof BIG_FIXTURES)[number];

/** What the script recorded about a full-size model. */
export interface BigFixtureFacts {
  readonly file: string;
  readonly inputSize: number;
  readonly logits: readonly number[];
  readonly maxAbsLogit: number;
  readonly fileBytes: number;
  readonly sha256: string;
}

/**
 * @param name a file in the fixture folder
 * @returns its bytes
 */
export function readTorchFixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(TORCH_FIXTURES, name)));
}

/**
 * @param name a JSON file in the fixture folder
 * @returns its parsed content
 */
export function readTorchFixtureJson<T>(name: string): T {
  return JSON.parse(readFileSync(path.join(TORCH_FIXTURES, name), 'utf8')) as T;
}

/**
 * Rebuilds a full-size checkpoint exactly as torch.save wrote it.
 * @param name which model
 * @returns the file's bytes and the script's facts about it
 * @throws Error when the rebuilt bytes do not have the recorded SHA-256
 */
export function rebuildBigFixture(name: BigFixture): { bytes: Uint8Array; facts: BigFixtureFacts } {
  const facts = readTorchFixtureJson<BigFixtureFacts>(`${name}.json`);
  const recipe = gunzipSync(readTorchFixture(`${name}.recipe.gz`));
  const newline = recipe.indexOf(0x0a);
  const cuts = JSON.parse(new TextDecoder().decode(recipe.subarray(0, newline))) as [
    string,
    number[],
    number,
  ][];
  const skeleton = recipe.subarray(newline + 1);
  const out = new Uint8Array(facts.fileBytes);
  let from = 0; // position in the skeleton
  let to = 0; // position in the file
  for (const [key, shape, at] of cuts) {
    const keep = at - to;
    out.set(skeleton.subarray(from, from + keep), to);
    from += keep;
    const values = syntheticValues(key, shape);
    out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), at);
    to = at + values.byteLength;
  }
  out.set(skeleton.subarray(from), to);
  const sha = createHash('sha256').update(out).digest('hex');
  if (sha !== facts.sha256)
    throw new Error(`${name}: rebuilt file has SHA-256 ${sha}, expected ${facts.sha256}`);
  return { bytes: out, facts };
}

/**
 * The fixed input of the full-size fixtures: (2u - 1) * 1024 for the key 'input', 1 channel.
 * @param size square side
 * @returns size * size values (NCHW with N = C = 1, i.e. also NHWC)
 */
export function xrvSyntheticInput(size: number): Float32Array {
  // float64 arithmetic rounded once to float32, as NumPy's astype(float32) in the script
  return Float32Array.from(uniform('input', size * size), (u) => (u * 2 - 1) * 1024);
}
