/**
 * The evidence view's words, read off the shaped chart (evidence.ts): the one-sentence answer at
 * the top, the counts of what enters each statistic, the pooled row's text, and one line per
 * question for the findings. Pure: every number comes from the chart.
 */
import type {
  EvidenceChart,
  EvidenceCounts,
  ForestSection,
  SectionGroup,
  StudyCorrelation,
} from './evidenceTypes.ts';
import { plural } from './papers.ts';
import { MIN_META_N, MIN_PAPERS } from './stats/meta.ts';
import type { ChartId } from './types.ts';

const GROUP_WORDS: Record<SectionGroup, string> = {
  pretrained: 'ImageNet-pretrained',
  random: 'Random init',
  pairs: 'Pretraining boost',
};

/** What each question relates, in words. */
const RELATES: Record<ChartId, string> = {
  'top1-vs-auc': 'ImageNet top-1 and chest X-ray AUC',
  'params-vs-auc': 'parameters and chest X-ray AUC',
  'boost-vs-params': 'the pretraining boost and parameters',
  truncation: 'truncation and AUC',
};

const f2 = (v: number): string => v.toFixed(2).replace(/^-/, '−');

/**
 * @param c counts
 * @returns e.g. '14 points, 2 studies, 1 paper'
 */
export const countsText = (c: EvidenceCounts): string =>
  `${plural(c.points, 'point')}, ${plural(c.studies, 'study', 'studies')}, ${plural(c.papers, 'paper')}`;

/**
 * The pooled row's estimate, or why there is none.
 * @param s a forest section
 * @returns e.g. 'pooled ρ = 0.12 [−0.40, 0.58] over 3 independent papers, I² = 40%' or
 *   'not pooled: 1 independent paper; pooling needs at least 3'
 */
export function pooledText(s: ForestSection): string {
  const p = s.meta.pooled;
  if (!p) return s.meta.reason ?? 'not pooled';
  return `pooled ρ = ${f2(p.rho)} [${f2(p.ci[0])}, ${f2(p.ci[1])}] over ${s.meta.k} independent papers, I² = ${Math.round(p.i2 * 100)}%`;
}

function sectionText(s: ForestSection): string {
  const enter = s.entering.points > 0 ? ` (${countsText(s.entering)} enter)` : '';
  return `${GROUP_WORDS[s.group]}: ${pooledText(s)}${enter}`;
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
 * @returns one line with its counts and pooled estimates (or why there are none)
 */
export function evidenceSentence(chart: EvidenceChart): string {
  if (chart.question === 'truncation') return truncationText(chart);
  const drawn = `${plural(chart.points.length, 'point')} from ${plural(chart.studyIds.length, 'study', 'studies')} in ${plural(chart.papers.length, 'paper')}`;
  return `Here, ${drawn}. ${chart.sections.map(sectionText).join('; ')}.`;
}

const perStudy = (c: StudyCorrelation, labelOf: (id: string) => string): string =>
  `${f2(c.rho)} (${labelOf(c.studyId)}, n = ${c.n})`;

/** "a, b and c". */
const listed = (items: readonly string[]): string =>
  items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

function reportedClause(s: ForestSection): string {
  const r = s.reported[0];
  if (!r) return '';
  const ci = r.interval
    ? `; 95% CI ${f2(r.interval.lo)} to ${f2(r.interval.hi)}, computed here`
    : '';
  return `; ${r.title.split(':')[0]} reported ρ = ${f2(r.stat.value)} (n = ${r.stat.n ?? 'n/a'}${ci})`;
}

/**
 * The answer to a question in one sentence, drawn from its first forest section: the pooled
 * estimate when at least 3 independent papers enter, else why not and the per-study ρ that exist.
 * @param chart a shaped evidence chart (not truncation)
 * @param labelOf a study's short name (default: its id)
 * @returns one sentence
 */
export function answerSentence(
  chart: EvidenceChart,
  labelOf: (studyId: string) => string = (id) => id,
): string {
  const s = chart.sections[0];
  if (!s) return evidenceSentence(chart);
  const group = GROUP_WORDS[s.group];
  const p = s.meta.pooled;
  if (p) {
    const verdict =
      p.ci[0] <= 0 && p.ci[1] >= 0
        ? 'no clear relationship'
        : `a ${p.rho > 0 ? 'positive' : 'negative'} relationship`;
    return `Across ${s.meta.k} independent papers (${group} results), ${verdict} between ${RELATES[chart.question]}: pooled ρ = ${f2(p.rho)} [${f2(p.ci[0])}, ${f2(p.ci[1])}]${reportedClause(s)}.`;
  }
  const entering = s.studies.filter((c) => s.meta.rows.some((r) => r.label === c.studyId));
  const why =
    entering.length === 0
      ? `no study has ${MIN_META_N} or more ${group} architectures with a defined ρ`
      : `${group} results with ${MIN_META_N} or more architectures come from ${plural(s.meta.k, 'independent paper')} (${MIN_PAPERS} needed); per study ρ = ${listed(entering.map((c) => perStudy(c, labelOf)))}`;
  return `No pooled answer: ${why}${reportedClause(s)}.`;
}
