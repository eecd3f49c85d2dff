/**
 * The grid spec: one JSON file describing a whole experiment (architectures × initialisations ×
 * truncation depths × seeds, with the shared training settings and the dataset). Validated with
 * zod, so every error names the field and what was expected; `gridJsonSchema()` exports the same
 * rules as a JSON Schema for editors. Pure: no tfjs, no DOM, no file system.
 */
import { z } from 'zod';
import { ARCH_IDS } from '../zoo/catalog.ts';
import { CHEST_MODELS } from '../zoo/chestCatalog.ts';
import { jsonDepth } from '../study/jsonDepth.ts';
import { GRID_LIMITS, type GridErrorCode } from './gridLimits.ts';

const int = (min: number, max: number) => z.number().int().min(min).max(max);

const CHEST_MODEL_IDS = CHEST_MODELS.map((m) => m.id);

/**
 * A chest-X-ray checkpoint to start from (TorchXRayVision's published models, or any PyTorch
 * checkpoint of a 1-channel zoo network): a file or URL, a catalog model, or both (a local copy
 * of that model's file).
 */
const InDomainSchema = z
  .strictObject({
    kind: z.literal('in-domain'),
    /** A .pt/.pth path or URL (torch.save); `{arch}` is replaced by the architecture id. */
    checkpoint: z
      .string()
      .min(1)
      .refine(
        (p) => !/\.safetensors$/i.test(p),
        'a .safetensors file is ImageNet weights (kind "imagenet"); an in-domain checkpoint is a PyTorch .pt/.pth file',
      )
      .optional(),
    /** A TorchXRayVision model id (src/zoo/chestCatalog.ts); its published URL is the default. */
    model: z.enum(CHEST_MODEL_IDS).optional(),
  })
  .refine((i) => i.checkpoint !== undefined || i.model !== undefined, {
    message: `give "checkpoint" (a .pt/.pth file or URL) or "model" (one of ${CHEST_MODEL_IDS.join(', ')})`,
  });

/**
 * How a task's weights start. One entry per kind; a new kind is one more member here plus its
 * handling in the runner (src/cli/gridRequest.ts).
 */
export const InitSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('random') }),
  z.strictObject({
    kind: z.literal('imagenet'),
    /**
     * A .safetensors path or URL; `{arch}` is replaced by the architecture id. Default: the
     * timm weights on Hugging Face that the app downloads (`defaultWeightsUrl`).
     */
    weights: z.string().min(1).optional(),
  }),
  InDomainSchema,
]);
export type GridInit = z.infer<typeof InitSchema>;

/** How much of each architecture to keep: the full model, N final units removed, or N kept. */
export const DepthSchema = z.union([
  z.literal('full'),
  z.strictObject({ remove: int(0, 1000) }),
  z.strictObject({ keep: int(1, 1000) }),
]);
export type GridDepth = z.infer<typeof DepthSchema>;

const folderOrZip = z
  .string()
  .min(1)
  .describe('a folder holding the label CSV and the images, or a .zip of it');

/** Where the images come from. */
export const DatasetSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('synthetic'),
    size: int(1, 1_000_000),
    validationSize: int(1, 1_000_000),
    seed: int(0, 2 ** 31 - 1).default(0),
  }),
  z.strictObject({
    kind: z.literal('chexpert'),
    path: folderOrZip,
    frontalOnly: z.boolean().default(true),
    subsetSize: int(1, 10_000_000).optional(),
    validationFraction: z.number().gt(0).lt(1).optional(),
    seed: int(0, 2 ** 31 - 1).default(0),
    inMemory: z.boolean().optional(),
  }),
  z.strictObject({
    kind: z.literal('nih'),
    path: folderOrZip,
    subsetSize: int(1, 10_000_000).optional(),
    validationFraction: z.number().gt(0).lt(1).optional(),
    seed: int(0, 2 ** 31 - 1).default(0),
    inMemory: z.boolean().optional(),
  }),
]);
export type GridDataset = z.infer<typeof DatasetSchema>;

/** Duplicate detection by hashing: a Set of each entry's JSON, linear in the list. */
const unique = <T>(list: readonly T[]): boolean =>
  new Set(list.map((v) => JSON.stringify(v))).size === list.length;

/** The whole spec. Defaults are the app's (src/data/trainDefaults.ts) where it has one. */
export const GridSpecSchema = z.strictObject({
  $schema: z.string().optional(),
  /** Names the study ("Grid: NAME"), the jobs and the output files. */
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'letters, digits, ".", "_" or "-", at most 63'),
  description: z.string().max(2000).optional(),
  architectures: z.array(z.enum(ARCH_IDS)).min(1).refine(unique, 'each architecture once'),
  initialisations: z
    .array(InitSchema)
    .min(1)
    .refine(unique, 'each initialisation once')
    .refine(
      (list) => unique(list.map((i) => i.kind)),
      'each kind once (random, imagenet, in-domain): a grid compares one start of each kind; put another weights file or checkpoint in another grid',
    )
    .default([{ kind: 'random' }]),
  depths: z.array(DepthSchema).min(1).refine(unique, 'each depth once').default(['full']),
  seeds: z
    .array(int(0, 2 ** 31 - 1))
    .min(1)
    .refine(unique, 'each seed once'),
  inputSize: int(8, 1024),
  epochs: int(1, 1000),
  batchSize: int(1, 4096),
  /**
   * Adam's learning rate: one number, or one per initialisation kind (default 1e-3 random, 1e-4
   * imagenet and in-domain: a pretrained backbone is fine-tuned, src/data/trainDefaults.ts).
   */
  learningRate: z
    .union([z.number().gt(0).max(10), z.record(z.string(), z.number().gt(0).max(10))])
    .optional(),
  policy: z.enum(['U-Ones', 'U-Zeros', 'ignore']).default('U-Ones'),
  /** The app's light augmentation (shift, scale, brightness, contrast); off for exact replays. */
  augment: z.boolean().default(true),
  dataset: DatasetSchema,
});

/** A validated grid spec, defaults filled in. */
export type GridSpec = z.output<typeof GridSpecSchema>;

/** The outcome of reading a spec. */
export type SpecOutcome =
  | { readonly ok: true; readonly spec: GridSpec }
  | { readonly ok: false; readonly errors: string[]; readonly code?: GridErrorCode };

/**
 * @param path a zod issue path
 * @returns it written as in JavaScript, e.g. `dataset.path` or `architectures[1]`
 */
function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || '(the spec)';
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const p of path) v = (v as Record<PropertyKey, unknown> | undefined)?.[p];
  return v;
}

/** Longest quote of a found value in a message. */
const PREVIEW_CHARS = 60;

/**
 * @param value a value from the spec (any depth and size)
 * @returns the start of its JSON, at most PREVIEW_CHARS characters, written without serialising
 *   more of it than that (and at most 8 levels down, so a deep value cannot exhaust the stack)
 */
function preview(value: unknown): string {
  let out = '';
  const write = (v: unknown, depth: number): void => {
    if (out.length > PREVIEW_CHARS) return;
    if (typeof v !== 'object' || v === null) {
      out += String(JSON.stringify(v));
      return;
    }
    if (depth > 8) {
      out += '…';
      return;
    }
    const array = Array.isArray(v);
    out += array ? '[' : '{';
    const entries: [string, unknown][] = array
      ? (v as unknown[]).slice(0, PREVIEW_CHARS).map((e) => ['', e])
      : Object.entries(v);
    for (const [i, [k, e]] of entries.entries()) {
      if (out.length > PREVIEW_CHARS) break;
      if (i > 0) out += ',';
      if (!array) out += `${JSON.stringify(k)}:`;
      write(e, depth + 1);
    }
    out += array ? ']' : '}';
  };
  write(value, 0);
  return out.length > PREVIEW_CHARS ? `${out.slice(0, PREVIEW_CHARS)}…` : out;
}

/**
 * @param issue a zod issue
 * @param root the input, to quote what was found
 * @returns one line: the field, what was expected, what was found
 */
function issueText(issue: z.core.$ZodIssue, root: unknown): string {
  const where = pathText(issue.path);
  if (issue.code === 'unrecognized_keys')
    return `${where}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (check the spelling; see docs/grid.md)`;
  const found = valueAt(root, issue.path);
  const got = found === undefined ? 'nothing' : preview(found);
  const message = issue.message.replace(/^Invalid (input|option|string): /, '');
  return `${where}: ${message}; found ${got}`;
}

/**
 * Parses and validates a spec.
 * @param value the parsed JSON
 * @returns the spec with defaults, or one message per problem
 */
export function validateGridSpec(value: unknown): SpecOutcome {
  const parsed = GridSpecSchema.safeParse(value);
  if (!parsed.success)
    return { ok: false, errors: parsed.error.issues.map((i) => issueText(i, value)) };
  const lr = parsed.data.learningRate;
  if (typeof lr === 'object') {
    const kinds = new Set(parsed.data.initialisations.map((i) => i.kind));
    const missing = [...kinds].filter((k) => lr[k] === undefined);
    const extra = Object.keys(lr).filter((k) => !kinds.has(k as GridInit['kind']));
    if (missing.length > 0 || extra.length > 0)
      return {
        ok: false,
        errors: [
          `learningRate: expected one rate per initialisation kind in the grid (${[...kinds].join(', ')}); ${missing.length > 0 ? `missing ${missing.join(', ')}` : `unused ${extra.join(', ')}`}`,
        ],
      };
  }
  return { ok: true, spec: parsed.data };
}

/**
 * @param text the spec file's text
 * @returns the spec, or messages (invalid JSON gets one plain sentence)
 */
export function parseGridSpec(text: string): SpecOutcome {
  const limit = GRID_LIMITS.jsonDepth.value;
  if (jsonDepth(text, limit) > limit)
    return {
      ok: false,
      code: 'GRID_SPEC_TOO_DEEP',
      errors: [
        `The grid spec nests arrays or objects more than ${limit} levels deep (a spec needs 3): it is not a grid spec; check the file.`,
      ],
    };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      errors: [`The grid spec is not valid JSON: ${e instanceof Error ? e.message : String(e)}`],
    };
  }
  return validateGridSpec(value);
}

/** @returns the spec's rules as a JSON Schema (draft 2020-12), for editors and other tools */
export function gridJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(GridSpecSchema, { io: 'input' }) as Record<string, unknown>;
}
