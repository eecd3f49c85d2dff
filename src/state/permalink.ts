/**
 * The permalink codec: pure and versioned, driven by a table of properties (after TF Playground's
 * `State.PROPS`). A link is `v=1&d=<payload>`, where the payload is the JSON of the non-default
 * properties under short keys, deflated (fflate) and base64url-encoded. Imported studies and
 * My runs (summaries) ride along while they stay small; otherwise the link says what was left out.
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import { errorText, type Refusal } from '../refusal/refusal.ts';
import { ARCH_IDS } from '../zoo/catalog.ts';
import type { ArchId } from '../zoo/catalog.ts';
import type { Top1Set } from '../zoo/types.ts';
import type { Study } from '../study/types.ts';
import type { Condition } from '../study/selectors.ts';
import { parseResultsFile, serializeStudy } from '../study/importResults.ts';
import { DEFAULT_STUDY_ID, getStudy } from '../study/library.ts';
import type { RunRecord } from '../study/runs.ts';
import { parseRunsValue, runSummary } from '../study/runs.ts';
import { MAX_COMPARED, VIEWS } from './slices.ts';
import type { View } from './slices.ts';

/** The schema version written into every link. */
export const PERMALINK_VERSION = 1;

/** Imported studies are embedded only while their compressed size stays under this. */
export const MAX_IMPORTED_BYTES = 8 * 1024;

/** My runs ride along (as summaries) while their compressed size stays under this. */
export const MAX_RUNS_BYTES = 4 * 1024;

/** Everything a link restores. */
export interface PermalinkState {
  view: View;
  studyId: string;
  condition: Condition;
  hiddenFamilies: string[];
  selectedArchs: string[];
  top1Set: Top1Set;
  /** Design levels per study (`study|factor|level`). */
  designChoices: string[];
  /** Studies hidden from the evidence view. */
  hiddenStudies: string[];
  labArch: ArchId;
  labUnitsRemoved: number;
  /** Architectures the Lab compares with `labArch` (added within v=1: older links lack it). */
  labCompare: ArchId[];
  imported: Study[];
  /** Training runs, as `runSummary`s (no losses, no file names, never image data). */
  runs: RunRecord[];
}

type Scalar = Exclude<keyof PermalinkState, 'imported' | 'runs'>;

type Prop =
  | { name: Scalar; key: string; type: 'enum'; values: readonly string[] }
  | { name: Scalar; key: string; type: 'string' | 'list' }
  | { name: Scalar; key: string; type: 'enumList'; values: readonly string[]; max: number }
  | { name: Scalar; key: string; type: 'int'; min: number; max: number };

/** The schema: one row per property; short keys keep links short. */
export const PROPS: readonly Prop[] = [
  { name: 'view', key: 'w', type: 'enum', values: VIEWS },
  { name: 'studyId', key: 's', type: 'string' },
  { name: 'condition', key: 'c', type: 'enum', values: ['pretrained', 'random', 'both'] },
  { name: 'hiddenFamilies', key: 'hf', type: 'list' },
  { name: 'selectedArchs', key: 'a', type: 'list' },
  { name: 'top1Set', key: 't', type: 'enum', values: ['paperEra', 'torchvision', 'timm'] },
  { name: 'designChoices', key: 'dz', type: 'list' },
  { name: 'hiddenStudies', key: 'hs', type: 'list' },
  { name: 'labArch', key: 'la', type: 'enum', values: ARCH_IDS },
  // DenseNet201 has 102 units; the lab clamps to each architecture's own count.
  { name: 'labUnitsRemoved', key: 'lu', type: 'int', min: 0, max: 127 },
  // A key added to v=1 without a new version: a link without it means "no comparison", which is
  // what every older link meant, so older links decode unchanged.
  { name: 'labCompare', key: 'lc', type: 'enumList', values: ARCH_IDS, max: MAX_COMPARED - 1 },
];
const IMPORTED_KEY = 'i';
const RUNS_KEY = 'r';

/**
 * The state a link without payload stands for.
 * @returns a fresh default state
 */
export function defaultPermalinkState(): PermalinkState {
  return {
    view: 'study',
    studyId: DEFAULT_STUDY_ID,
    condition: 'both',
    hiddenFamilies: [],
    selectedArchs: [],
    top1Set: 'paperEra',
    designChoices: [],
    hiddenStudies: [],
    labArch: 'densenet121',
    labUnitsRemoved: 0,
    labCompare: [],
    imported: [],
    runs: [],
  };
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

const pack = (value: unknown): string => toBase64Url(deflateSync(strToU8(JSON.stringify(value))));

/** An encoded link and what had to be left out of it. */
export interface EncodedPermalink {
  readonly text: string;
  readonly omitted: readonly string[];
}

/**
 * Encodes a state, reporting any imported study left out for size.
 * @param state the state to encode
 * @returns the link text (`v=1&d=…`) and notes on omissions
 */
export function encodePermalinkWithNotes(state: PermalinkState): EncodedPermalink {
  const defaults = defaultPermalinkState();
  const payload: Record<string, unknown> = {};
  for (const prop of PROPS) {
    const value = state[prop.name];
    if (JSON.stringify(value) !== JSON.stringify(defaults[prop.name])) payload[prop.key] = value;
  }
  const omitted: string[] = [];
  if (state.imported.length > 0) {
    // The parser derives id and notes from the text and file name; the link keeps the originals
    // so that `studyId` still points at the same study after decoding.
    const serialized = state.imported.map((s) => ({
      id: s.id,
      notes: s.notes,
      text: serializeStudy(s),
    }));
    if (deflateSync(strToU8(JSON.stringify(serialized))).length <= MAX_IMPORTED_BYTES) {
      payload[IMPORTED_KEY] = serialized;
    } else {
      omitted.push(
        `Imported studies (${state.imported.map((s) => s.title).join(', ')}) are too large for a link (over ${MAX_IMPORTED_BYTES / 1024} KB compressed) and were left out.`,
      );
    }
  }
  if (state.runs.length > 0) {
    const { kept, note } = fitRuns(state.runs);
    if (kept.length > 0) payload[RUNS_KEY] = kept;
    if (note) omitted.push(note);
  }
  return { text: `v=${PERMALINK_VERSION}&d=${pack(payload)}`, omitted };
}

/**
 * Summarises runs for a link, dropping the oldest until they fit in MAX_RUNS_BYTES.
 * @param runs the runs
 * @returns the summaries kept (in the given order) and a note when some were dropped
 */
function fitRuns(runs: readonly RunRecord[]): { kept: RunRecord[]; note: string | null } {
  const newestFirst = [...runs].sort((a, b) => b.finishedAt.localeCompare(a.finishedAt));
  const all = newestFirst.map(runSummary);
  const fits = (k: number): boolean =>
    deflateSync(strToU8(JSON.stringify(all.slice(0, k)))).length <= MAX_RUNS_BYTES;
  // Binary search for the most newest-first runs that fit (sizes grow with the count).
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  const kept = all.slice(0, lo);
  const dropped = runs.length - kept.length;
  const ids = new Set(kept.map((r) => r.id));
  return {
    kept: runs.filter((r) => ids.has(r.id)).map(runSummary),
    note:
      dropped > 0
        ? `The ${dropped} oldest of ${runs.length} training runs were left out of the link (runs may take up to ${MAX_RUNS_BYTES / 1024} KB compressed).`
        : null,
  };
}

/**
 * Encodes a state as link text.
 * @param state the state to encode
 * @returns `v=1&d=…`, usable as a URL hash or a search-parameter value
 */
export function encodePermalink(state: PermalinkState): string {
  return encodePermalinkWithNotes(state).text;
}

/** A decoded link: the state (defaults where the link said nothing usable) and notes. */
export type DecodeResult =
  { ok: true; state: PermalinkState; notes: string[] } | { ok: false; refusal: Refusal };

/** A link that cannot be read at all: the default view is shown instead. */
function unreadable(sentence: string, detail: string): DecodeResult {
  return { ok: false, refusal: { code: 'link-unreadable', kind: 'bad-input', sentence, detail } };
}

function readProp(prop: Prop, raw: unknown): unknown {
  switch (prop.type) {
    case 'enum':
      return typeof raw === 'string' && prop.values.includes(raw) ? raw : undefined;
    case 'string':
      return typeof raw === 'string' && raw.length > 0 ? raw : undefined;
    case 'list':
      return Array.isArray(raw) && raw.every((v) => typeof v === 'string') ? raw : undefined;
    case 'enumList':
      return Array.isArray(raw) &&
        raw.length <= prop.max &&
        raw.every((v) => typeof v === 'string' && prop.values.includes(v))
        ? raw
        : undefined;
    case 'int':
      return Number.isInteger(raw) && (raw as number) >= prop.min && (raw as number) <= prop.max
        ? raw
        : undefined;
  }
}

function readImportedOne(raw: unknown, i: number): Study | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { id, notes, text } = raw as Record<string, unknown>;
  if (typeof id !== 'string' || typeof text !== 'string' || getStudy(id)) return null;
  if (!Array.isArray(notes) || !notes.every((n) => typeof n === 'string')) return null;
  const parsed = parseResultsFile(text, `link-study-${i + 1}.json`);
  return parsed.ok ? { ...parsed.study, id, notes } : null;
}

function readImported(raw: unknown, notes: string[]): Study[] {
  if (!Array.isArray(raw)) {
    notes.push('The imported studies in the link were unreadable and were left out.');
    return [];
  }
  return raw.flatMap((item, i) => {
    const study = readImportedOne(item, i);
    if (study) return [study];
    notes.push(`Imported study ${i + 1} in the link failed validation and was left out.`);
    return [];
  });
}

function readRuns(raw: unknown, notes: string[]): RunRecord[] {
  const parsed = parseRunsValue(raw);
  if (!parsed.ok) {
    notes.push('The training runs in the link were unreadable and were left out.');
    return [];
  }
  notes.push(...parsed.errors.map((e) => `${e} This run in the link was left out.`));
  return parsed.runs.map(runSummary);
}

function readPayload(payload: Record<string, unknown>): { state: PermalinkState; notes: string[] } {
  const state = defaultPermalinkState();
  const notes: string[] = [];
  const known = new Set([...PROPS.map((p) => p.key), IMPORTED_KEY, RUNS_KEY]);
  for (const key of Object.keys(payload)) {
    if (!known.has(key)) notes.push(`Unknown setting "${key}" in the link was ignored.`);
  }
  for (const prop of PROPS) {
    if (!(prop.key in payload)) continue;
    const value = readProp(prop, payload[prop.key]);
    if (value === undefined)
      notes.push(`The link's value for "${prop.name}" was invalid; using the default.`);
    else Object.assign(state, { [prop.name]: value });
  }
  if (IMPORTED_KEY in payload) state.imported = readImported(payload[IMPORTED_KEY], notes);
  if (RUNS_KEY in payload) state.runs = readRuns(payload[RUNS_KEY], notes);
  return { state, notes };
}

/** The link's data object, or why it cannot be had (for the refusal's detail). */
function unpack(data: string): Record<string, unknown> | string {
  if (data === '') return 'the link has no data (d=…)';
  try {
    const value: unknown = JSON.parse(strFromU8(inflateSync(fromBase64Url(data))));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : 'its data is not a JSON object';
  } catch (error) {
    return `d=… could not be decoded: ${errorText(error)}`;
  }
}

/**
 * Decodes link text (with or without a leading `#` or `?`). Never throws.
 * @param text the hash or search-parameter value
 * @returns the state with notes, or a message saying plainly why the link cannot be read
 */
export function decodePermalink(text: string): DecodeResult {
  const trimmed = text.replace(/^[#?]/, '').trim();
  if (trimmed === '') return { ok: true, state: defaultPermalinkState(), notes: [] };
  const params = new URLSearchParams(trimmed);
  const version = params.get('v');
  if (version === null)
    return unreadable(
      'This link is not an Explorer link (it has no version), so the default view is shown.',
      'no v=… parameter',
    );
  const v = Number(version);
  if (v !== PERMALINK_VERSION) {
    const age = Number.isFinite(v) && v < PERMALINK_VERSION ? 'an older' : 'a newer or unknown';
    return unreadable(
      `This link was made by ${age} version of the Explorer, so the default view is shown.`,
      `v=${version}; this one reads v=${PERMALINK_VERSION}`,
    );
  }
  const payload = unpack(params.get('d') ?? '');
  if (typeof payload === 'string')
    return unreadable(
      'This link is damaged: its data could not be decoded, so the default view is shown.',
      payload,
    );
  return { ok: true, ...readPayload(payload) };
}
