/**
 * The store's slices. Each slice owns its fields and the verbs that change them; `store.ts`
 * binds them into one zustand store. Kept free of React so the permalink and tests can use it.
 */
import type { StateCreator } from 'zustand';
import type { Refusal } from '../refusal/refusal.ts';
import { isArchId, type ArchId } from '../zoo/catalog.ts';
import type { Top1Set } from '../zoo/types.ts';
import type { DesignFactorId, Study } from '../study/types.ts';
import { AVERAGE } from '../study/design.ts';
import type { ImportError } from '../study/importResults.ts';
import type { Condition } from '../study/selectors.ts';
import { DEFAULT_STUDY_ID } from '../study/library.ts';
import type { RunsSlice } from './runsSlice.ts';

/** The app's top-level views, in tab order; the Study Explorer comes first. */
export const VIEWS = ['study', 'lab', 'train', 'xray'] as const;
export type View = (typeof VIEWS)[number];

/** Which study is shown, which view is open, and the studies imported this session. */
export interface StudySlice {
  studyId: string;
  view: View;
  importedStudies: Study[];
  selectStudy: (id: string) => void;
  openView: (view: View) => void;
  /** Adds (or replaces, by id) an imported study and selects it. */
  addImportedStudy: (study: Study) => void;
}

/** Filters shared by all study charts. */
export interface FilterSlice {
  condition: Condition;
  hiddenFamilies: string[];
  selectedArchs: string[];
  top1Set: Top1Set;
  /** Design levels chosen per study, as `study|factor|level` strings (design.ts; `*` = average). */
  designChoices: string[];
  /** Studies hidden from the evidence view (off its charts and out of its pooling). */
  hiddenStudies: string[];
  setCondition: (condition: Condition) => void;
  toggleFamily: (family: string) => void;
  /** Hides every family but one; isolating the only visible family shows all again. */
  isolateFamily: (family: string, allFamilies: readonly string[]) => void;
  setSelectedArchs: (archs: string[]) => void;
  setTop1Set: (set: Top1Set) => void;
  /** Sets a study's level of a factor: a level, null to average, undefined for the default. */
  setDesignLevel: (
    studyId: string,
    factor: DesignFactorId,
    level: string | null | undefined,
  ) => void;
  toggleStudy: (studyId: string) => void;
  resetFilters: () => void;
}

/** How many architectures the Lab compares side by side, the one picked included. */
export const MAX_COMPARED = 4;

/** The Architecture Lab's selection. */
export interface LabSlice {
  labArch: ArchId;
  labUnitsRemoved: number;
  /** Architectures compared with `labArch` (at most MAX_COMPARED − 1, never `labArch`). */
  labCompare: ArchId[];
  selectLabArch: (arch: ArchId) => void;
  /** Sets the architectures compared with `labArch` (duplicates and extras dropped). */
  setLabCompare: (archs: readonly ArchId[]) => void;
  setLabUnitsRemoved: (units: number) => void;
  /** Opens the lab on an architecture (e.g. a clicked chart point); ignores non-zoo keys. */
  openArchInLab: (arch: string, unitsRemoved?: number) => void;
}

/** Messages from importing a results file or from decoding a link. */
export interface ImportSlice {
  importErrors: ImportError[];
  importWarnings: string[];
  /** Why the link in the URL could not be read (fully): a plain sentence, the detail after it. */
  linkMessage: Refusal | null;
  showImportErrors: (errors: ImportSlice['importErrors']) => void;
  showImportWarnings: (warnings: string[]) => void;
  clearImportMessages: () => void;
  showLinkMessage: (message: Refusal | null) => void;
  dismissLinkMessage: () => void;
}

export type AppState = StudySlice & FilterSlice & LabSlice & ImportSlice & RunsSlice;
type Slice<T> = StateCreator<AppState, [], [], T>;

/** Filter defaults, also the permalink's defaults. */
export const DEFAULT_FILTERS = {
  condition: 'both',
  hiddenFamilies: [],
  selectedArchs: [],
  top1Set: 'paperEra',
  designChoices: [],
  hiddenStudies: [],
} as const satisfies Partial<FilterSlice>;

/**
 * @param list current choices (`study|factor|level`)
 * @param studyId the study
 * @param factor the factor
 * @param level the new level, null to average, undefined to drop back to the default
 * @returns the new list, sorted
 */
export function withDesignLevel(
  list: readonly string[],
  studyId: string,
  factor: DesignFactorId,
  level: string | null | undefined,
): string[] {
  const prefix = `${studyId}|${factor}|`;
  const rest = list.filter((c) => !c.startsWith(prefix));
  return level === undefined ? rest : [...rest, `${prefix}${level ?? AVERAGE}`].sort();
}

/**
 * @param hidden the hidden families
 * @param family one family
 * @param allFamilies every family on show
 * @returns whether `family` is the only one shown
 */
export function isIsolated(
  hidden: readonly string[],
  family: string,
  allFamilies: readonly string[],
): boolean {
  return !hidden.includes(family) && allFamilies.every((f) => f === family || hidden.includes(f));
}

/** Creates the study slice. @param set zustand setter @returns the slice */
export const createStudySlice: Slice<StudySlice> = (set) => ({
  studyId: DEFAULT_STUDY_ID,
  view: 'study',
  importedStudies: [],
  selectStudy: (id) => set({ studyId: id, selectedArchs: [] }),
  openView: (view) => set({ view }),
  addImportedStudy: (study) =>
    set((s) => ({
      importedStudies: [...s.importedStudies.filter((x) => x.id !== study.id), study],
      studyId: study.id,
      selectedArchs: [],
    })),
});

/** Creates the filter slice. @param set zustand setter @returns the slice */
export const createFilterSlice: Slice<FilterSlice> = (set) => ({
  ...DEFAULT_FILTERS,
  hiddenFamilies: [],
  selectedArchs: [],
  designChoices: [],
  hiddenStudies: [],
  setCondition: (condition) => set({ condition }),
  toggleFamily: (family) =>
    set((s) => ({
      hiddenFamilies: s.hiddenFamilies.includes(family)
        ? s.hiddenFamilies.filter((f) => f !== family)
        : [...s.hiddenFamilies, family],
    })),
  isolateFamily: (family, allFamilies) =>
    set((s) => ({
      hiddenFamilies: isIsolated(s.hiddenFamilies, family, allFamilies)
        ? []
        : allFamilies.filter((f) => f !== family),
    })),
  setSelectedArchs: (archs) => set({ selectedArchs: archs }),
  setTop1Set: (top1Set) => set({ top1Set }),
  setDesignLevel: (studyId, factor, level) =>
    set((s) => ({ designChoices: withDesignLevel(s.designChoices, studyId, factor, level) })),
  toggleStudy: (studyId) =>
    set((s) => ({
      hiddenStudies: s.hiddenStudies.includes(studyId)
        ? s.hiddenStudies.filter((id) => id !== studyId)
        : [...s.hiddenStudies, studyId],
    })),
  resetFilters: () =>
    set({
      ...DEFAULT_FILTERS,
      hiddenFamilies: [],
      selectedArchs: [],
      designChoices: [],
      hiddenStudies: [],
    }),
});

/**
 * @param archs architectures to compare with `primary`
 * @param primary the Lab's own architecture
 * @returns them without duplicates or `primary`, at most MAX_COMPARED − 1
 */
export function comparedWith(archs: readonly ArchId[], primary: ArchId): ArchId[] {
  return [...new Set(archs)].filter((a) => a !== primary).slice(0, MAX_COMPARED - 1);
}

/** Creates the lab slice. @param set zustand setter @returns the slice */
export const createLabSlice: Slice<LabSlice> = (set) => ({
  labArch: 'densenet121',
  labUnitsRemoved: 0,
  labCompare: [],
  selectLabArch: (arch) =>
    set((s) => ({
      labArch: arch,
      labUnitsRemoved: 0,
      labCompare: comparedWith(s.labCompare, arch),
    })),
  setLabCompare: (archs) => set((s) => ({ labCompare: comparedWith(archs, s.labArch) })),
  setLabUnitsRemoved: (units) => set({ labUnitsRemoved: Math.max(0, Math.floor(units)) }),
  openArchInLab: (arch, unitsRemoved = 0) => {
    if (isArchId(arch)) set({ labArch: arch, labUnitsRemoved: unitsRemoved, view: 'lab' });
  },
});

/** Creates the import/message slice. @param set zustand setter @returns the slice */
export const createImportSlice: Slice<ImportSlice> = (set) => ({
  importErrors: [],
  importWarnings: [],
  linkMessage: null,
  showImportErrors: (errors) => set({ importErrors: errors, importWarnings: [] }),
  showImportWarnings: (warnings) => set({ importErrors: [], importWarnings: warnings }),
  clearImportMessages: () => set({ importErrors: [], importWarnings: [] }),
  showLinkMessage: (message) => set({ linkMessage: message }),
  dismissLinkMessage: () => set({ linkMessage: null }),
});
