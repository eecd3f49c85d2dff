import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseResultsFile } from '../study/importResults.ts';
import type { Study } from '../study/types.ts';
import { runSummary } from '../study/runs.ts';
import { makeRun } from '../study/testing/runs.ts';
import type { PermalinkState } from './permalink.ts';
import {
  MAX_IMPORTED_BYTES,
  MAX_RUNS_BYTES,
  PROPS,
  decodePermalink,
  defaultPermalinkState,
  encodePermalink,
  encodePermalinkWithNotes,
} from './permalink.ts';

function b64url(value: unknown): string {
  const bytes = deflateSync(strToU8(JSON.stringify(value)));
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function importedStudy(rows: number): Study {
  const lines = ['arch,pretrained,units_removed,value,source'];
  for (let i = 0; i < rows; i += 1) {
    lines.push(
      `resnet${i % 2 ? 18 : 50},${i % 3 === 0},${i},${(0.7 + (i % 97) / 1000).toFixed(4)},my run ${i} ${Math.random().toString(36)}`,
    );
  }
  const parsed = parseResultsFile(lines.join('\n'), 'mine.csv');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.study;
}

const decodeOk = (text: string) => {
  const d = decodePermalink(text);
  if (!d.ok) throw new Error(d.refusal.sentence);
  return d;
};

describe('permalink round trip', () => {
  const cases: [string, Partial<PermalinkState>][] = [
    ['defaults', {}],
    ['study and view', { studyId: 'bliznashki_github_chexpert', view: 'lab' }],
    [
      'filters',
      { condition: 'random', hiddenFamilies: ['DenseNet', 'ResNet'], selectedArchs: ['resnet18'] },
    ],
    ['top-1 set', { top1Set: 'timm' }],
    [
      'evidence view: design levels and hidden studies',
      {
        studyId: 'all-studies',
        designChoices: ['chen2023-jdi|loss|*', 'medmnistplus-chestmnist|resolution|128 px'],
        hiddenStudies: ['chexpert-leaderboard'],
      },
    ],
    ['lab', { labArch: 'efficientnet_b3', labUnitsRemoved: 2 }],
    [
      'lab comparison',
      { view: 'lab', labArch: 'densenet121', labCompare: ['resnet50', 'efficientnet_b0'] },
    ],
    ['unicode ids', { studyId: 'étude-ρ', hiddenFamilies: ['Föö'] }],
  ];
  it.each(cases)('%s', (_name, partial) => {
    const state = { ...defaultPermalinkState(), ...partial };
    const text = encodePermalink(state);
    expect(text).toMatch(/^v=1&d=[A-Za-z0-9_-]+$/);
    expect(decodeOk(text)).toEqual({ ok: true, state, notes: [] });
    expect(decodeOk(`#${text}`).state).toEqual(state);
  });

  it('carries a small imported study', () => {
    const study = importedStudy(4);
    const state = { ...defaultPermalinkState(), studyId: study.id, imported: [study] };
    const enc = encodePermalinkWithNotes(state);
    expect(enc.omitted).toEqual([]);
    expect(decodeOk(enc.text).state).toEqual(state);
  });

  it('leaves out an imported study too large for a link, and says so', () => {
    const study = importedStudy(1200);
    const enc = encodePermalinkWithNotes({ ...defaultPermalinkState(), imported: [study] });
    expect(enc.omitted).toHaveLength(1);
    expect(enc.omitted[0]).toContain(`${MAX_IMPORTED_BYTES / 1024} KB`);
    expect(decodeOk(enc.text).state.imported).toEqual([]);
  });

  it('decodes a link made before the Lab comparison existed (no "lc" key) unchanged', () => {
    // Made by the codec at commit b47becc, before labCompare was added to v=1.
    const older =
      'v=1&d=RckxCoAwEETRu0ytoIggOYfYiEXUFQMxhGyChXh3N1rY_Zl34YSC1TMKsNRB6-EMR28Tl8tOHN8puoj6QDFo42iVY9-gRgymx1RA5w7EjmLdCX7ZVtms4H_ITlDN_QA';
    expect(decodeOk(older)).toEqual({
      ok: true,
      notes: [],
      state: {
        ...defaultPermalinkState(),
        view: 'lab',
        labArch: 'resnet50',
        labUnitsRemoved: 3,
        studyId: 'medmnistplus-chestmnist',
        hiddenFamilies: ['ViT'],
        selectedArchs: ['resnet18', 'resnet50'],
        condition: 'pretrained',
        labCompare: [],
      },
    });
  });

  it('keeps every default out of the payload (short links)', () => {
    expect(encodePermalink(defaultPermalinkState()).length).toBeLessThan(20);
  });
});

describe('permalink garbage', () => {
  it.each([
    ['no version', 'hello', /no version/],
    ['old version', 'v=0&d=abc', /older version/],
    ['newer version', 'v=2&d=abc', /newer or unknown version/],
    ['bad base64', 'v=1&d=%%%', /damaged/],
    ['not deflate', 'v=1&d=aGVsbG8', /damaged/],
    ['json array', `v=1&d=${b64url([1, 2])}`, /damaged/],
    ['missing data', 'v=1', /damaged/],
  ])('%s gives a clear message', (_name, text, message) => {
    const d = decodePermalink(text);
    expect(d.ok).toBe(false);
    if (!d.ok) {
      expect(d.refusal.sentence).toMatch(message);
      expect(d.refusal.detail).not.toBe('');
    }
  });

  it('an empty hash is the default view, silently', () => {
    expect(decodePermalink('')).toEqual({ ok: true, state: defaultPermalinkState(), notes: [] });
    expect(decodePermalink('#')).toEqual({ ok: true, state: defaultPermalinkState(), notes: [] });
  });

  it('unknown keys and invalid values fall back to defaults with notes', () => {
    const d = decodeOk(
      `v=1&d=${b64url({ zz: 1, c: 'sideways', lu: -3, la: 'vgg99', t: 'timm', hf: [1] })}`,
    );
    expect(d.state).toEqual({ ...defaultPermalinkState(), top1Set: 'timm' });
    expect(d.notes.join(' ')).toMatch(/Unknown setting "zz"/);
    for (const name of ['condition', 'labUnitsRemoved', 'labArch', 'hiddenFamilies']) {
      expect(d.notes.join(' ')).toContain(`"${name}"`);
    }
  });

  it.each([
    ['an unknown architecture', ['resnet50', 'vgg99']],
    ['more than three', ['resnet18', 'resnet34', 'resnet50', 'resnet101']],
    ['not a list', 'resnet50'],
  ])('a comparison with %s falls back to none, with a note', (_name, lc) => {
    const d = decodeOk(`v=1&d=${b64url({ la: 'densenet121', lc })}`);
    expect(d.state.labCompare).toEqual([]);
    expect(d.notes.join(' ')).toContain('"labCompare"');
  });

  it('an imported study that fails validation is dropped with a note', () => {
    const d = decodeOk(
      `v=1&d=${b64url({ i: [{ id: 'x', notes: [], text: 'arch,value\nresnet18,abc' }, 'junk', { id: 'chextransfer', notes: [], text: 'arch,value\nresnet18,0.8' }] })}`,
    );
    expect(d.state.imported).toEqual([]);
    expect(d.notes.filter((n) => /failed validation/.test(n))).toHaveLength(3);
  });

  it('every property has a distinct short key', () => {
    const keys = PROPS.map((p) => p.key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('permalink runs', () => {
  const chexpertRun = makeRun({
    id: 'c1',
    finishedAt: '2026-11-26T03:00:00.000Z',
    dataset: {
      kind: 'chexpert',
      label: 'my-private-folder/valid.csv (234 images)',
      trainImages: 1000,
      validationImages: 234,
    },
    modelId: 'saved-1',
  });

  it('round trip carries run summaries, without losses, model ids or file names', () => {
    const runs = [makeRun(), chexpertRun];
    const enc = encodePermalinkWithNotes({ ...defaultPermalinkState(), runs });
    expect(enc.omitted).toEqual([]);
    const d = decodeOk(enc.text);
    expect(d.notes).toEqual([]);
    expect(d.state.runs).toEqual(runs.map(runSummary));
    expect(enc.text).not.toContain('private');
    const [, back] = d.state.runs;
    expect(back?.modelId).toBeUndefined();
    expect(back?.dataset.label).not.toContain('private');
    expect(back?.history.map((h) => h.trainLoss)).toEqual([null, null]);
  });

  it('drops the oldest runs when too large for a link, and says so', () => {
    const auc = () => Math.random();
    const runs = Array.from({ length: 120 }, (_, i) =>
      makeRun({
        id: `run-${i}-${Math.random().toString(36)}`,
        finishedAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
        meanAuc: auc(),
        perTaskAuc: { Atelectasis: auc(), Cardiomegaly: auc(), Edema: auc() },
        history: [1, 2, 3, 4, 5].map((epoch) => ({
          epoch,
          trainLoss: 1,
          validationLoss: 1,
          meanAuc: auc(),
        })),
        durationMs: Math.random() * 1e6,
      }),
    );
    const enc = encodePermalinkWithNotes({ ...defaultPermalinkState(), runs });
    expect(enc.omitted).toHaveLength(1);
    expect(enc.omitted[0]).toContain(`${MAX_RUNS_BYTES / 1024} KB`);
    const kept = decodeOk(enc.text).state.runs;
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(runs.length);
    expect(enc.omitted[0]).toContain(`The ${runs.length - kept.length} oldest of ${runs.length}`);
    // The newest survive.
    expect(kept.at(-1)?.id).toBe(runs.at(-1)?.id);
    expect(kept[0]?.id).toBe(runs[runs.length - kept.length]?.id);
  });

  it('garbled runs give a clear note and the rest of the link still applies', () => {
    const garbled = decodeOk(`v=1&d=${b64url({ s: 'transfusion', r: 'nonsense' })}`);
    expect(garbled.state.studyId).toBe('transfusion');
    expect(garbled.state.runs).toEqual([]);
    expect(garbled.notes).toEqual([
      'The training runs in the link were unreadable and were left out.',
    ]);
    const mixed = decodeOk(
      `v=1&d=${b64url({ c: 'random', r: [runSummary(makeRun()), { ...makeRun(), epochs: -1 }] })}`,
    );
    expect(mixed.state.condition).toBe('random');
    expect(mixed.state.runs).toEqual([runSummary(makeRun())]);
    expect(mixed.notes.join(' ')).toMatch(/Run 2: "epochs" must be an integer .* left out/);
  });
});
