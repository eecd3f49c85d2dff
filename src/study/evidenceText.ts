/**
 * One line per question saying what the evidence view shows, for the findings it answers.
 * Pure: every number is read off the shaped chart (evidence.ts).
 */
import type { EvidenceChart, ForestSection, SectionGroup } from './evidenceTypes.ts';

const GROUP_WORDS: Record<SectionGroup, string> = {
  pretrained: 'ImageNet-pretrained',
  random: 'Random init',
  pairs: 'Pretraining boost',
};

const f2 = (v: number): string => v.toFixed(2).replace(/^-/, '−');

function sectionText(s: ForestSection): string {
  const p = s.meta.pooled;
  const small = s.meta.excluded.length;
  if (!p)
    return `${GROUP_WORDS[s.group]}: no study has 4 or more independent architectures${small > 0 ? ` (${small} with fewer)` : ''}`;
  const spread = s.meta.k > 1 ? `, I² = ${Math.round((p.i2 ?? 0) * 100)}%` : '';
  return `${GROUP_WORDS[s.group]}: pooled ρ = ${f2(p.rho)} [${f2(p.ci[0])}, ${f2(p.ci[1])}] over ${s.meta.k} ${s.meta.k === 1 ? 'study' : 'studies'}${spread}`;
}

function truncationText(chart: EvidenceChart): string {
  const ratios = chart.lines.flatMap((l) => {
    const full = l.find((p) => p.unitsRemoved === 0);
    return full ? l.filter((p) => p.unitsRemoved > 0).map((p) => full.x / p.x) : [];
  });
  if (ratios.length === 0)
    return 'Here: no study in the library has truncated models; the chart says how to train your own.';
  const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
  const drops = chart.points.filter((p) => p.unitsRemoved > 0).map((p) => p.y);
  const meanDrop = drops.reduce((a, b) => a + b, 0) / drops.length;
  return `Here (your runs): ${ratios.length} truncated model(s), on average ${mean.toFixed(2)}× fewer parameters than the full model, mean AUC change ${f2(meanDrop)}.`;
}

/**
 * @param chart a shaped evidence chart
 * @returns one sentence with its pooled estimates (or why there are none)
 */
export function evidenceSentence(chart: EvidenceChart): string {
  if (chart.question === 'truncation') return truncationText(chart);
  return `Here, ${chart.points.length} points from ${chart.studyIds.length} studies. ${chart.sections.map(sectionText).join('; ')}.`;
}
