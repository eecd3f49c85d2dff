/**
 * The Train panel's own store (like the X-ray panel's): the form, the picked data and its report,
 * and the ephemeral state of the current run. Not part of the permalink: picked files and results
 * must never go into a link. Module-level, so a run keeps going (and its view stays) while another
 * tab is open. Components select narrow slices, so a progress batch re-renders the run view only,
 * never the form.
 */
import { create } from 'zustand';
import type { DatasetReport, Refusal, TrainProgress, TrainResult } from '../../worker/protocol.ts';
import { TRAIN_PRESETS, type TrainPresetId } from '../../data/trainDefaults.ts';
import { applyPreset, type ChexpertSource, type TrainForm } from './trainForm.ts';
import { EMPTY_PROGRESS, reduceProgress, type RunProgress } from './runView.ts';
import type { AutoChoice } from './probeChoice.ts';

/** Where the run is. */
export type RunStatus =
  | { readonly type: 'idle' }
  | { readonly type: 'starting' }
  | { readonly type: 'running' }
  | { readonly type: 'stopping'; readonly hard: boolean }
  | { readonly type: 'finished' }
  | { readonly type: 'stopped' }
  | { readonly type: 'failed'; readonly message: string };

/** The inspector's report on data that can be used. */
export type OkReport = Extract<DatasetReport, { ok: true }>;

/** Reading picked data: idle, reading it in the worker, or why the last pick was refused. */
export type DataCheck =
  | { readonly type: 'idle' }
  | { readonly type: 'reading'; readonly label: string }
  | { readonly type: 'error'; readonly refusal: Refusal };

/** Worker tensor counts around the last run, for leak checks. */
export interface MemorySnapshot {
  readonly before: number | null;
  readonly after: number | null;
}

/** State and verbs of the Train panel. */
export interface TrainState {
  form: TrainForm;
  /** The preset the form came from; 'custom' once a field is edited. */
  preset: TrainPresetId | 'custom';
  /** The accepted data and its report; a refused pick leaves both as they were. */
  source: ChexpertSource | null;
  report: OkReport | null;
  dataCheck: DataCheck;
  status: RunStatus;
  progress: RunProgress;
  result: TrainResult | null;
  memory: MemorySnapshot;
  /** Id of the run added to My runs, once it is. */
  addedRunId: string | null;
  /** A one-line notice about the last action on a result (saved, downloaded, failed). */
  notice: string | null;
  /** The backend the probe chose for the current run (backend 'auto'), and why. */
  autoChoice: AutoChoice | null;
  /** The run's estimated seconds before it started (probe rate x analytic work), if known. */
  estimateSeconds: number | null;
  /** Edits fields (the preset becomes 'custom'). */
  setForm: (patch: Partial<TrainForm>) => void;
  /** Applies a preset to the current architecture, keeping data, policy, backend and seed. */
  choosePreset: (preset: TrainPresetId) => void;
  acceptSource: (source: ChexpertSource, report: OkReport) => void;
  setDataCheck: (check: DataCheck) => void;
  setStatus: (status: RunStatus) => void;
  applyEvents: (events: readonly TrainProgress[]) => void;
  /** Clears the previous run's view when a new run starts. */
  beginRun: (memoryBefore: number | null) => void;
  finishRun: (result: TrainResult | null, status: RunStatus) => void;
  set: (
    patch: Partial<
      Pick<TrainState, 'memory' | 'addedRunId' | 'notice' | 'autoChoice' | 'estimateSeconds'>
    >,
  ) => void;
}

/** The Train panel's store (not persisted, not linked). */
export const useTrainStore = create<TrainState>()((set) => ({
  form: applyPreset(TRAIN_PRESETS.quick.arch, 'quick'),
  preset: 'quick',
  source: null,
  report: null,
  dataCheck: { type: 'idle' },
  status: { type: 'idle' },
  progress: EMPTY_PROGRESS,
  result: null,
  memory: { before: null, after: null },
  addedRunId: null,
  notice: null,
  autoChoice: null,
  estimateSeconds: null,
  setForm: (patch) => set((s) => ({ form: { ...s.form, ...patch }, preset: 'custom' })),
  choosePreset: (preset) =>
    set((s) => ({ form: applyPreset(s.form.arch, preset, s.form), preset })),
  acceptSource: (source, report) => set({ source, report, dataCheck: { type: 'idle' } }),
  setDataCheck: (dataCheck) => set({ dataCheck }),
  setStatus: (status) => set({ status }),
  applyEvents: (events) =>
    set((s) => {
      const progress = reduceProgress(s.progress, events);
      const status = s.status.type === 'starting' && progress.start ? { type: 'running' } : null;
      return status ? { progress, status: status as RunStatus } : { progress };
    }),
  beginRun: (before) =>
    set({
      status: { type: 'starting' },
      progress: EMPTY_PROGRESS,
      result: null,
      memory: { before, after: null },
      addedRunId: null,
      notice: null,
      autoChoice: null,
      estimateSeconds: null,
    }),
  finishRun: (result, status) => set((s) => ({ result: result ?? s.result, status })),
  set: (patch) => set(patch),
}));
