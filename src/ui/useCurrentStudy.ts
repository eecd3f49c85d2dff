/**
 * The study on screen and the filters, read from the store, plus the list of all studies.
 * Charts get their series from `src/study/selectors.ts` with what this hook returns.
 */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { PUBLISHED_STUDIES, getStudy } from '../study/library.ts';
import type { ChartFilters } from '../study/selectors.ts';
import type { Study } from '../study/types.ts';
import type { Top1Set } from '../zoo/types.ts';
import { useStore } from '../state/store.ts';

/** The current study, every selectable study, and the chart filters. */
export interface CurrentStudy {
  readonly study: Study;
  /** False when the requested id was not found and the default study is shown instead. */
  readonly found: boolean;
  readonly studies: readonly Study[];
  readonly filters: ChartFilters;
  readonly top1Set: Top1Set;
}

/**
 * Finds a study among the published and imported ones.
 * @param id study id
 * @param imported the session's imported studies
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
  const { studyId, imported, condition, hiddenFamilies, archs, top1Set } = useStore(
    useShallow((s) => ({
      studyId: s.studyId,
      imported: s.importedStudies,
      condition: s.condition,
      hiddenFamilies: s.hiddenFamilies,
      archs: s.selectedArchs,
      top1Set: s.top1Set,
    })),
  );
  return useMemo(() => {
    const found = findStudy(studyId, imported);
    const fallback = PUBLISHED_STUDIES[0];
    if (!fallback) throw new Error('The study library is empty.');
    return {
      study: found ?? fallback,
      found: found !== undefined,
      studies: [...PUBLISHED_STUDIES, ...imported],
      filters: { condition, hiddenFamilies, archs },
      top1Set,
    };
  }, [studyId, imported, condition, hiddenFamilies, archs, top1Set]);
}
