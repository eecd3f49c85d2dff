/**
 * The evidence view's input from the store: every study in the library (published, imported,
 * My runs and links' runs), the top-1 set, design choices and hidden studies; and each question's
 * shaped chart, memoised.
 */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../state/store.ts';
import { ARCHITECTURES } from '../../study/architectures.ts';
import { parseDesignChoiceList } from '../../study/design.ts';
import type { EvidenceChart, EvidenceInput } from '../../study/evidence.ts';
import { EVIDENCE_QUESTIONS, evidenceChart } from '../../study/evidence.ts';
import { PUBLISHED_STUDIES } from '../../study/library.ts';
import { runsStudies } from '../../study/runs.ts';
import type { ChartId } from '../../study/types.ts';
import { allRuns } from '../useCurrentStudy.ts';

/** @returns the evidence input for the current state */
export function useEvidenceInput(): EvidenceInput {
  const s = useStore(
    useShallow((st) => ({
      imported: st.importedStudies,
      runs: st.runs,
      shared: st.sharedRuns,
      top1Set: st.top1Set,
      designChoices: st.designChoices,
      hiddenStudies: st.hiddenStudies,
    })),
  );
  const runStudies = useMemo(() => runsStudies(allRuns(s.runs, s.shared)), [s.runs, s.shared]);
  const design = useMemo(() => parseDesignChoiceList(s.designChoices), [s.designChoices]);
  return useMemo(
    () => ({
      studies: [...PUBLISHED_STUDIES, ...s.imported, ...runStudies],
      archs: ARCHITECTURES,
      top1Set: s.top1Set,
      design,
      hiddenStudies: s.hiddenStudies,
    }),
    [s.imported, runStudies, s.top1Set, design, s.hiddenStudies],
  );
}

const [FIRST, ...REST] = EVIDENCE_QUESTIONS as readonly [ChartId, ...ChartId[]];

/**
 * The four questions' charts: the first at once, the rest once `all` is true (so the first
 * points paint before the rest is computed).
 * @param input from useEvidenceInput
 * @param all whether to shape questions 2–4 too
 * @returns one chart per question, null while not yet shaped
 */
export function useEvidenceCharts(input: EvidenceInput, all: boolean): (EvidenceChart | null)[] {
  const first = useMemo(() => evidenceChart(FIRST, input), [input]);
  const rest = useMemo(() => REST.map((q) => (all ? evidenceChart(q, input) : null)), [input, all]);
  return [first, ...rest];
}
