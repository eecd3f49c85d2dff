import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  parseRun,
  parseRunsJson,
  runMetric,
  runSummary,
  runsStudies,
  runsStudy,
  runsToCsv,
  runsToJson,
} from './runs.ts';
import { CHEXTRANSFER } from './studies/chextransfer.ts';
import { makeRun } from './testing/runs.ts';

const chexpertRun = makeRun({
  id: 'run-2',
  pretrained: false,
  dataset: {
    kind: 'chexpert',
    label: 'CheXpert-v1.0-small valid.csv (234 images)',
    trainImages: 2000,
    validationImages: 234,
  },
  meanAuc: 0.71,
  stopped: true,
});

describe('runs as studies', () => {
  it('one study per dataset kind, one result per scored run', () => {
    const studies = runsStudies([makeRun(), chexpertRun, makeRun({ id: 'x', meanAuc: null })]);
    expect(studies.map((s) => s.id)).toEqual(['my-runs-chexpert', 'my-runs-synthetic']);
    const synthetic = studies[1];
    expect(synthetic?.kind).toBe('runs');
    expect(synthetic?.results).toHaveLength(1);
    expect(synthetic?.notes.join(' ')).toMatch(/1 run\(s\) without a mean AUC/);
    const r = synthetic?.results[0];
    expect(r?.value).toBe(0.8123);
    expect(r?.params).toBe(6_958_981);
    expect(r?.perLabel).toEqual({
      Atelectasis: 0.8,
      Cardiomegaly: 0.9,
      Consolidation: 0.75,
      Edema: 0.82,
    });
    expect(r?.flags).toEqual(['browser', 'synthetic']);
    expect(r?.source).toBe(
      'trained in this browser on 2026-11-26, webgl; synthetic phantoms (n=400, seed 1)',
    );
    expect(runsStudy([chexpertRun], 'chexpert').results[0]?.flags).toEqual([
      'browser',
      'stopped early',
    ]);
  });

  it('synthetic runs never share a metric key with CheXpert studies; CheXpert runs do', () => {
    expect(runMetric('synthetic').key).not.toBe(CHEXTRANSFER.metric.key);
    expect(runMetric('nih').key).not.toBe(CHEXTRANSFER.metric.key);
    expect(runMetric('chexpert').key).toBe(CHEXTRANSFER.metric.key);
  });

  it('names its citation without a closing full stop (the study picker adds one: no "panel..")', () => {
    expect(runsStudy([chexpertRun], 'chexpert').citation).not.toMatch(/\.$/);
  });
});

describe('runs export and import', () => {
  it('JSON round trip', () => {
    const runs = [makeRun({ modelId: 'model-7' }), chexpertRun];
    const back = parseRunsJson(runsToJson(runs));
    expect(back).toEqual({ ok: true, runs, errors: [] });
  });

  it('CSV has one row per run and a column per task', () => {
    const parsed = Papa.parse<Record<string, string>>(runsToCsv([makeRun(), chexpertRun]), {
      header: true,
    });
    expect(parsed.data).toHaveLength(2);
    expect(parsed.data[0]?.['auc_Cardiomegaly']).toBe('0.9');
    expect(parsed.data[0]?.['auc_Pleural Effusion']).toBe('');
    expect(parsed.data[1]?.['dataset_kind']).toBe('chexpert');
    expect(parsed.data[1]?.['stopped']).toBe('true');
  });

  it.each([
    ['bad json', '{', /Not valid JSON/],
    ['not an array', '{"a":1}', /JSON array/],
  ])('%s gives a clear message', (_n, text, message) => {
    const r = parseRunsJson(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('bad runs are reported per row and the good ones kept', () => {
    const good = makeRun();
    const text = JSON.stringify([
      good,
      { ...good, meanAuc: 1.5 },
      { ...good, dataset: { ...good.dataset, kind: 'mnist' } },
      { ...good, finishedAt: 'yesterday' },
      'junk',
    ]);
    const r = parseRunsJson(text);
    if (!r.ok) throw new Error(r.message);
    expect(r.runs).toEqual([good]);
    expect(r.errors).toEqual([
      'Run 2: "meanAuc" must be an AUC from 0 to 1, or null.',
      'Run 3: "dataset.kind" must be synthetic, chexpert or nih.',
      'Run 4: "finishedAt" must be an ISO date.',
      'Run 5: not an object.',
    ]);
  });
});

describe('runSummary', () => {
  it('drops losses, the model id and file names, and stays valid', () => {
    const s = runSummary({ ...chexpertRun, modelId: 'm1', meanAuc: 0.712345678 });
    expect(s.modelId).toBeUndefined();
    expect(s.meanAuc).toBe(0.7123);
    expect(s.dataset.label).toBe('CheXpert (2000 training, 234 validation images)');
    expect(s.dataset.label).not.toContain('valid.csv');
    expect(s.history.every((h) => h.trainLoss === null && h.validationLoss === null)).toBe(true);
    expect(s.history.map((h) => h.meanAuc)).toEqual([0.7, 0.8123]);
    expect(parseRun(JSON.parse(JSON.stringify(s)))).toEqual({ ok: true, run: s });
  });
});
