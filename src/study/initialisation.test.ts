/**
 * Three initialisations: ImageNet-pretrained, random, and every other pretraining. A run started
 * in this browser from a chest-X-ray checkpoint ("in-domain start", `initialisedFrom`) is the
 * third: never paired in the boost chart, never inside the ImageNet-pretrained (or random)
 * statistics, whether its record says pretrained false (as the Train tab writes it) or true.
 */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { ARCHITECTURES } from './architectures.ts';
import { evidenceChart } from './evidence.ts';
import { initGroupOf, IN_DOMAIN_START_FLAG } from './initialisation.ts';
import { runsStudy, runsToCsv, type RunRecord } from './runs.ts';
import type { ChartFilters } from './selectors.ts';
import { boostVsParams, top1VsMetric } from './selectors.ts';
import { OTHER_PRETRAINING_REASON } from './top1Of.ts';
import { makeRun } from './testing/runs.ts';

const ALL: ChartFilters = { condition: 'both', hiddenFamilies: [], archs: [] };
const CHEXPERT = {
  kind: 'chexpert',
  label: 'CheXpert (2000 training, 234 validation images)',
  trainImages: 2000,
  validationImages: 234,
} as const;
const FROM = 'TorchXRayVision densenet121-res224-chex';

const run = (id: string, arch: string, over: Partial<RunRecord>): RunRecord =>
  makeRun({ id, arch, dataset: CHEXPERT, ...over });

// Four architectures, each with an ImageNet start and a random start; densenet121 and resnet50
// also with in-domain starts, one recorded as pretrained false, one (a hand-edited file) true.
const RUNS: RunRecord[] = [
  ...['densenet121', 'resnet50', 'resnet18', 'mobilenetv2_100'].flatMap((arch, i) => [
    run(`${arch}-imagenet`, arch, { pretrained: true, meanAuc: 0.8 + 0.01 * i }),
    run(`${arch}-random`, arch, { pretrained: false, meanAuc: 0.7 + 0.005 * i }),
  ]),
  run('densenet121-chest', 'densenet121', {
    pretrained: false,
    initialisedFrom: FROM,
    meanAuc: 0.9,
  }),
  run('resnet50-chest', 'resnet50', { pretrained: true, initialisedFrom: FROM, meanAuc: 0.95 }),
];
const STUDY = runsStudy(RUNS, 'chexpert');
const isChest = (p: { readonly flags: readonly string[] }): boolean =>
  p.flags.includes(IN_DOMAIN_START_FLAG);

describe('initGroupOf', () => {
  it.each([
    [true, [], 'pretrained'],
    [false, [], 'random'],
    [null, [], 'unstated'],
    [false, [IN_DOMAIN_START_FLAG], 'other'],
    [true, [IN_DOMAIN_START_FLAG], 'other'],
    [true, ['imagenet-self-supervised'], 'other'],
  ] as const)('pretrained %s with flags %j is %s', (pretrained, flags, group) => {
    expect(initGroupOf({ pretrained, flags: [...flags] })).toBe(group);
  });

  it('an in-domain run carries the flag onto its result; other runs do not', () => {
    const flagged = STUDY.results.filter((r) => r.flags.includes(IN_DOMAIN_START_FLAG));
    expect(flagged.map((r) => r.value).sort()).toEqual([0.9, 0.95]);
    expect(flagged.every((r) => initGroupOf(r) === 'other')).toBe(true);
  });
});

describe('in-domain starts in the charts', () => {
  it('the boost chart pairs ImageNet with random starts only', () => {
    const boost = boostVsParams(STUDY, ARCHITECTURES, ALL);
    const pairs = boost.points.map((p) => [p.arch, p.pretrainedValue, p.randomValue]);
    const want = ['densenet121', 'resnet50', 'resnet18', 'mobilenetv2_100'].map((arch) => [
      arch,
      RUNS.find((r) => r.id === `${arch}-imagenet`)?.meanAuc,
      RUNS.find((r) => r.id === `${arch}-random`)?.meanAuc,
    ]);
    expect(pairs).toEqual(want);
  });

  it('ImageNet-pretrained and random statistics leave them out; they show as "other" without a top-1', () => {
    const series = top1VsMetric(STUDY, ARCHITECTURES, ALL, 'paperEra');
    const byGroup = (g: string) => series.stats.find((s) => s.group === g);
    expect(byGroup('pretrained')?.y.map((y) => y.toFixed(2))).toEqual([
      '0.80',
      '0.81',
      '0.82',
      '0.83',
    ]);
    expect(byGroup('random')?.y).toHaveLength(4);
    expect(series.points.filter((p) => p.group === 'other')).toHaveLength(0);
    expect(series.excluded.filter((e) => e.reason === OTHER_PRETRAINING_REASON)).toHaveLength(2);
    expect(series.points.every((p) => !isChest(p))).toBe(true);
  });

  it('the evidence view puts them in no pooled section', () => {
    const input = {
      studies: [STUDY],
      archs: ARCHITECTURES,
      top1Set: 'paperEra',
      design: {},
      hiddenStudies: [],
    } as const;
    for (const q of ['top1-vs-auc', 'params-vs-auc', 'boost-vs-params'] as const) {
      const c = evidenceChart(q, input);
      for (const p of c.points) if (isChest(p)) expect(p.group).toBe('other');
      for (const section of c.sections) for (const row of section.studies) expect(row.n).toBe(4);
    }
    const params = evidenceChart('params-vs-auc', input);
    expect(params.points.filter((p) => p.group === 'other')).toHaveLength(2);
  });

  it('the runs CSV says where an in-domain run started', () => {
    const rows = Papa.parse<Record<string, string>>(runsToCsv(RUNS), { header: true }).data;
    const chest = rows.filter((r) => r['initialised_from'] === FROM).map((r) => r['id']);
    expect(chest).toEqual(['densenet121-chest', 'resnet50-chest']);
    expect(rows.filter((r) => r['initialised_from'] === '')).toHaveLength(8);
  });
});
