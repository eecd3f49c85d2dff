/**
 * The study on screen and the filters, read from the store, plus the list of all studies.
 * Charts get their series from `src/study/selectors.ts` with what this hook returns.
 */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ALL_STUDIES_ID, PUBLISHED_STUDIES, getStudy } from '../study/library.ts';
import { parseDesignChoiceList } from '../study/design.ts';
import type { ChartFilters } from '../study/selectors.ts';
import type { RunRecord } from '../study/runs.ts';
import { runsStudies } from '../study/runs.ts';
import type { Study } from '../study/types.ts';
import type { Top1Set } from '../zoo/types.ts';
import { useStore } from '../state/store.ts';

/** The current study, every selectable study, and the chart filters. */
export interface CurrentStudy {
  readonly study: Study;
  /** False when the requested id was not found and the default study is shown instead. */
  readonly found: boolean;
  /** True when the evidence view over all studies is open (then `study` is unused). */
  readonly evidence: boolean;
  readonly studies: readonly Study[];
  readonly filters: ChartFilters;
  readonly top1Set: Top1Set;
  /** The My runs studies (own and from a link), one per dataset kind. */
  readonly runStudies: readonly Study[];
  /** Whether charts draw My runs beside the current study. */
  readonly runsVisible: boolean;
}

/**
 * Own runs and runs from a link, without duplicates.
 * @param runs own runs
 * @param shared runs from a link
 * @returns every run to show
 */
export function allRuns(runs: readonly RunRecord[], shared: readonly RunRecord[]): RunRecord[] {
  const ids = new Set(runs.map((r) => r.id));
  return [...runs, ...shared.filter((r) => !ids.has(r.id))];
}

/**
 * Finds a study among the published, imported and My runs ones.
 * @param id study id
 * @param imported the session's imported studies (and My runs studies)
 * @returns the study, or undefined
 */
export function findStudy(id: string, imported: readonly Study[]): Study | undefined {
  return imported.find((s) => s.id === id) ?? getStudy(id);
}

/**
 * Reads the current study and filters.
 * @returns the current study, all studies and filters
 */
export function useCurrentStudy(): CurrentStudy {
  const {
    studyId,
    imported,
    condition,
    hiddenFamilies,
    archs,
    top1Set,
    runs,
    shared,
    runsVisible,
    designChoices,
  } = useStore(
    useShallow((s) => ({
      studyId: s.studyId,
      imported: s.importedStudies,
      condition: s.condition,
      hiddenFamilies: s.hiddenFamilies,
      archs: s.selectedArchs,
      top1Set: s.top1Set,
      runs: s.runs,
      shared: s.sharedRuns,
      runsVisible: s.runsVisible,
      designChoices: s.designChoices,
    })),
  );
  const design = useMemo(() => parseDesignChoiceList(designChoices), [designChoices]);
  const runStudies = useMemo(() => runsStudies(allRuns(runs, shared)), [runs, shared]);
  return useMemo(() => {
    const found = findStudy(studyId, [...imported, ...runStudies]);
    const fallback = PUBLISHED_STUDIES[0];
    if (!fallback) throw new Error('The study library is empty.');
    const evidence = studyId === ALL_STUDIES_ID;
    return {
      study: found ?? fallback,
      found: found !== undefined || evidence,
      evidence,
      studies: [...PUBLISHED_STUDIES, ...imported, ...runStudies],
      filters: { condition, hiddenFamilies, archs, design },
      top1Set,
      runStudies,
      runsVisible,
    };
  }, [
    studyId,
    imported,
    condition,
    hiddenFamilies,
    archs,
    design,
    top1Set,
    runStudies,
    runsVisible,
  ]);
}
