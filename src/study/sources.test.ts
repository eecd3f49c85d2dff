/**
 * Every `source` in the study data can be followed to a fixed copy (a commit, a tag, a DOI, an
 * archive snapshot), or says it is not verifiable here, and then nothing of it enters a chart.
 */
import { describe, expect, it } from 'vitest';
import { ARCHITECTURES } from './architectures.ts';
import { PUBLISHED_DESIGNS } from './designs.ts';
import { EVIDENCE_QUESTIONS, evidenceChart } from './evidence.ts';
import { PUBLISHED_STUDIES } from './library.ts';
import { paperOf } from './papers.ts';
import { NOT_VERIFIABLE_FLAG, isMarkedNotVerifiable, sourceProblem } from './sources.ts';

/** Every source string in the study data, with where it stands. */
function everySource(): [string, string][] {
  const out: [string, string][] = [];
  for (const s of PUBLISHED_STUDIES) {
    s.results.forEach((r, i) => out.push([`${s.id} result ${i}`, r.source]));
    s.reportedStatistics.forEach((r) => out.push([`${s.id} statistic ${r.id}`, r.source]));
    s.findings.forEach((f) => out.push([`${s.id} finding ${f.id}`, f.source]));
  }
  for (const [id, d] of Object.entries(PUBLISHED_DESIGNS))
    for (const [arch, w] of Object.entries(d.weights))
      if (w.kind === 'known') out.push([`${id} weights ${arch}`, w.source]);
  for (const a of Object.values(ARCHITECTURES)) {
    if (a.params1000) out.push([`${a.key} parameters`, a.params1000.source]);
    for (const [set, t] of Object.entries(a.top1))
      if (t) out.push([`${a.key} top-1 (${set})`, t.source]);
  }
  return out;
}

describe('every source is pinned, or marked not verifiable', () => {
  it.each(everySource())('%s', (_where, source) => {
    expect(sourceProblem(source)).toBeNull();
  });

  it('covers the study data (results, statistics, findings, weights, architectures)', () => {
    expect(everySource().length).toBeGreaterThan(300);
  });
});

describe('a source not verifiable here is kept out of every chart and statistic', () => {
  it('each such result carries the flag', () => {
    for (const s of PUBLISHED_STUDIES)
      for (const r of s.results)
        expect(r.flags.includes(NOT_VERIFIABLE_FLAG)).toBe(isMarkedNotVerifiable(r.source));
  });

  it('no evidence point stands on one, and each is listed as left out', () => {
    const marked = PUBLISHED_STUDIES.flatMap((s) =>
      s.results.filter((r) => isMarkedNotVerifiable(r.source)),
    );
    expect(marked.length).toBeGreaterThan(0);
    for (const q of EVIDENCE_QUESTIONS) {
      const c = evidenceChart(q, {
        studies: PUBLISHED_STUDIES,
        archs: ARCHITECTURES,
        top1Set: 'paperEra',
        design: {},
        hiddenStudies: [],
      });
      expect(c.points.some((p) => isMarkedNotVerifiable(p.source))).toBe(false);
      expect(c.excluded.filter((e) => /source not verifiable here/.test(e.reason))).toHaveLength(
        marked.length,
      );
    }
  });
});

describe('sourceProblem', () => {
  it.each([
    ['https://github.com/a/b/blob/0123456789abcdef0123456789abcdef01234567/x.md', null],
    ['https://github.com/pytorch/vision/blob/v0.14.1/torchvision/models/vgg.py', null],
    ['doi:10.1145/3450439.3451867', null],
    ['https://arxiv.org/abs/2101.06871v2', null],
    ['https://twitter.com/i/status/1351462869284528129 (tweet 4/8)', null],
    ['a page (https://example.com/x); not verifiable here', null],
    [
      'https://pytorch.org/vision/stable/models.html',
      'not pinned: https://pytorch.org/vision/stable/models.html',
    ],
    [
      'https://github.com/Cadene/pretrained-models.pytorch',
      'not pinned: https://github.com/Cadene/pretrained-models.pytorch',
    ],
    ['https://arxiv.org/abs/2101.06871', 'not pinned: https://arxiv.org/abs/2101.06871'],
    ['The Batch (2021)', 'no commit, tag, DOI or archive snapshot'],
  ])('%s', (source, problem) => {
    expect(sourceProblem(source)).toBe(problem);
  });
});

describe('every published study declares its paper', () => {
  it.each(PUBLISHED_STUDIES.map((s) => [s.id, s] as const))('%s', (_id, s) => {
    expect(s.paper?.id).toMatch(/^[a-z0-9-]+$/);
    expect(paperOf(s)).toBe(s.paper);
  });

  it('MedMNIST+ ChestMNIST and PneumoniaMNIST, and Xiao’s NIH and CheXpert tables, are one paper each', () => {
    const paper = (id: string) => PUBLISHED_STUDIES.find((s) => s.id === id)?.paper?.id;
    expect(paper('medmnistplus-chestmnist')).toBe(paper('medmnistplus-pneumoniamnist'));
    expect(paper('xiao2023-medicalmae')).toBe(paper('xiao2023-medicalmae-chexpert'));
    expect(new Set(PUBLISHED_STUDIES.map((s) => s.paper?.id)).size).toBe(7);
  });
});
