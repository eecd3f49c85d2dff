import { describe, expect, it } from 'vitest';
import { ARCHITECTURES } from './architectures.ts';
import { evidenceChart } from './evidence.ts';
import { evidenceSentence } from './evidenceText.ts';
import { PUBLISHED_STUDIES } from './library.ts';

const input = {
  studies: PUBLISHED_STUDIES,
  archs: ARCHITECTURES,
  top1Set: 'paperEra' as const,
  design: {},
  hiddenStudies: [],
};

describe('evidenceSentence', () => {
  it('states each pooled estimate with its interval, or why there is none', () => {
    const chart = evidenceChart('top1-vs-auc', input);
    const p = chart.sections[0]?.meta.pooled;
    const text = evidenceSentence(chart);
    expect(text).toContain(
      `ImageNet-pretrained: pooled ρ = ${p?.rho.toFixed(2).replace('-', '−')}`,
    );
    expect(text).toContain('Random init: no study has 4 or more independent architectures');
  });

  it('says when no study has truncated models', () => {
    expect(evidenceSentence(evidenceChart('truncation', input))).toMatch(/no study in the library/);
  });
});
