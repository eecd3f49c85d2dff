import { describe, expect, it } from 'vitest';
import { ARCHITECTURES } from './architectures.ts';
import { evidenceChart } from './evidence.ts';
import type { EvidenceInput } from './evidence.ts';
import { answerSentence, countsText, evidenceSentence, pooledText } from './evidenceText.ts';
import { PUBLISHED_STUDIES } from './library.ts';
import { MEDMNIST_CHEST } from './studies/medmnistChest.ts';
import type { Study } from './types.ts';

const input: EvidenceInput = {
  studies: PUBLISHED_STUDIES,
  archs: ARCHITECTURES,
  top1Set: 'paperEra',
  design: {},
  hiddenStudies: [],
};

/** Three more papers with seven ImageNet-pretrained CNNs each, so that something pools. */
function withThreeMorePapers(): Study[] {
  // Not a MedMNIST+ study: no paper of its own declared, so it is its own paper.
  const base: Study = { ...MEDMNIST_CHEST };
  delete (base as { paper?: unknown }).paper;
  const archs = ['resnet18', 'resnet34', 'resnet50', 'resnet101', 'densenet121', 'densenet169'];
  const extra = [1, 2, 3].map((k): Study => ({
    ...base,
    id: `extra-${k}`,
    title: `Extra ${k}`,
    results: archs.map((arch, i) => ({
      ...(MEDMNIST_CHEST.results[0] as Study['results'][number]),
      arch,
      inputSize: 224,
      flags: [],
      value: 0.7 + 0.01 * ((i * k) % 5),
    })),
  }));
  return [...PUBLISHED_STUDIES, ...extra];
}

describe('evidenceSentence', () => {
  it('states each pooled row, or why there is none, and what enters it', () => {
    const chart = evidenceChart('top1-vs-auc', input);
    const text = evidenceSentence(chart);
    expect(text).toContain(
      `Here, ${chart.points.length} points from ${chart.studyIds.length} studies in ${chart.papers.length} papers.`,
    );
    expect(text).toContain(
      'ImageNet-pretrained: not pooled: 1 independent paper; pooling needs at least 3 (14 points, 2 studies, 1 paper enter)',
    );
    expect(text).toContain('Random init: not pooled: 0 independent papers');
  });

  it('says when no study has truncated models', () => {
    expect(evidenceSentence(evidenceChart('truncation', input))).toMatch(/no study in the library/);
  });
});

describe('answerSentence', () => {
  it('answers the first view from its data: no pooled number from one paper', () => {
    const chart = evidenceChart('top1-vs-auc', input);
    const [chest, pneumonia] = chart.sections[0]?.meta.rows ?? [];
    const f = (v: number | undefined) => (v ?? NaN).toFixed(2).replace('-', '−');
    expect(answerSentence(chart)).toBe(
      `No pooled answer: ImageNet-pretrained results with 4 or more architectures come from 1 independent paper (3 needed); per study ρ = ${f(chest?.rho)} (${chest?.label}, n = 7) and ${f(pneumonia?.rho)} (${pneumonia?.label}, n = 7); CheXtransfer reported ρ = 0.06 (n = 16; 95% CI −0.46 to 0.55, computed here).`,
    );
  });

  it('gives the pooled estimate and its verdict once 3 or more papers enter', () => {
    const chart = evidenceChart('top1-vs-auc', { ...input, studies: withThreeMorePapers() });
    const s = chart.sections[0];
    expect(s?.meta.k).toBe(4);
    const p = s?.meta.pooled;
    if (!p) throw new Error('expected a pooled estimate');
    const text = answerSentence(chart);
    expect(text).toMatch(/^Across 4 independent papers \(ImageNet-pretrained results\), /);
    expect(text).toContain(
      pooledText(s)
        .replace(/ over .*/, '')
        .replace('pooled ', 'pooled '),
    );
    const holdsZero = p.ci[0] <= 0 && p.ci[1] >= 0;
    expect(text.includes('no clear relationship')).toBe(holdsZero);
  });

  it('counts points, studies and papers in words', () => {
    expect(countsText({ points: 1, studies: 1, papers: 1 })).toBe('1 point, 1 study, 1 paper');
    expect(countsText({ points: 14, studies: 2, papers: 3 })).toBe(
      '14 points, 2 studies, 3 papers',
    );
  });
});
