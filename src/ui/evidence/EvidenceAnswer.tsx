/**
 * The top of the first screen: the question, a one-sentence answer computed from the first
 * chart's forest (evidenceText.ts), what the chart counts against what the library holds, and a
 * link to the paper's findings.
 */
import type { MouseEvent } from 'react';
import type { EvidenceChart } from '../../study/evidence.ts';
import { answerSentence } from '../../study/evidenceText.ts';
import { plural } from '../../study/papers.ts';
import type { StudyStyle } from './studyStyle.ts';

/** What the library holds, for the counts line. */
export interface LibraryCounts {
  readonly results: number;
  readonly studies: number;
  readonly papers: number;
}

/** The DOM id of the findings section (the target of the link here). */
export const FINDINGS_ID = 'findings';

function toFindings(e: MouseEvent<HTMLAnchorElement>): void {
  e.preventDefault();
  const el = document.getElementById(FINDINGS_ID);
  el?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  el?.focus({ preventScroll: true });
}

/**
 * @param props the first chart (top-1 vs AUC), the library's counts and the study style
 * @returns the question, the answer and the counts
 */
export function EvidenceAnswer(props: {
  readonly chart: EvidenceChart;
  readonly library: LibraryCounts;
  readonly style: StudyStyle;
}) {
  const { chart, library, style } = props;
  const archs = new Set(chart.points.map((p) => p.arch)).size;
  return (
    <section className="evidence-answer" aria-labelledby="evidence-title">
      <h2 id="evidence-title">
        All chest X-ray studies: does a better ImageNet model make a better chest X-ray model?
      </h2>
      <p className="answer" data-testid="evidence-answer">
        {answerSentence(chart, style.labelOf)}
      </p>
      <p className="evidence-counts small muted" data-testid="evidence-counts">
        {plural(chart.points.length, 'point')} in this chart ({plural(archs, 'architecture')}) from{' '}
        {plural(chart.studyIds.length, 'study', 'studies')} in{' '}
        {plural(chart.papers.length, 'paper')}, of {plural(library.results, 'result')} in the
        library ({plural(library.studies, 'study', 'studies')}, {plural(library.papers, 'paper')}) ·{' '}
        <a href={`#${FINDINGS_ID}`} onClick={toFindings}>
          What CheXtransfer found ↓
        </a>
      </p>
    </section>
  );
}
