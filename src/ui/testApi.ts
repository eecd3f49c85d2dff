/**
 * The browser-test API, `window.__explorer`, installed only in test builds
 * (`vite build --mode test` sets VITE_TEST_API). Plain data in, plain data out.
 */
import * as studyClient from '../client/studyClient.ts';
import * as trainingClient from '../client/trainingClient.ts';
import { setProbeForTests } from '../client/probeClient.ts';
import { fakeProbeRunner, type FakeBackend } from '../client/probeFake.ts';
import type { ProbeBudgets } from '../client/probeReport.ts';
import type { BackendName } from '../worker/protocol.ts';
import type { AppStore } from '../state/store.ts';
import type { PermalinkState } from '../state/permalink.ts';
import { encodePermalink } from '../state/permalink.ts';
import { permalinkStateOf } from '../state/urlSync.ts';
import { parseResultsFile } from '../study/importResults.ts';
import type { RunRecord } from '../study/runs.ts';

/** What browser tests may call. */
export interface ExplorerTestApi {
  /** The linkable state. */
  getState: () => PermalinkState;
  /** The permalink text the current state encodes to. */
  getPermalink: () => string;
  /** The worker client (it starts the worker lazily, on first call), for benchmarks. */
  worker: typeof studyClient & typeof trainingClient;
  /** Imports results-file text as a study and selects it; returns the errors as text if invalid. */
  injectStudy: (
    text: string,
    fileName: string,
  ) => { ok: true; id: string } | { ok: false; errors: string[] };
  /** Adds a finished run to My runs (written to IndexedDB); resolves once stored. */
  addRun: (run: RunRecord) => Promise<void>;
  /** The person's own runs (not those from a link). */
  getRuns: () => RunRecord[];
  /** Runs that arrived in the link, not stored in this browser. */
  getSharedRuns: () => RunRecord[];
  /**
   * Makes the Train tab's backend probe use fakes (src/client/probeFake.ts) and these budgets;
   * call before opening the tab. Returns the log the fakes write ("start webgl", "end", ...).
   */
  fakeProbe: (backends: Partial<Record<BackendName, FakeBackend>>, budgets: ProbeBudgets) => void;
  /** What the fake probe did so far. */
  probeLog: () => string[];
}

declare global {
  interface Window {
    __explorer?: ExplorerTestApi;
  }
}

/**
 * Installs `window.__explorer`.
 * @param store the app store
 */
export function installTestApi(store: AppStore): void {
  const probeLog: string[] = [];
  window.__explorer = {
    fakeProbe: (backends, budgets) =>
      setProbeForTests(fakeProbeRunner(backends, probeLog), budgets),
    probeLog: () => [...probeLog],
    worker: { ...studyClient, ...trainingClient },
    getState: () => permalinkStateOf(store.getState()),
    getPermalink: () => encodePermalink(permalinkStateOf(store.getState())),
    injectStudy: (text, fileName) => {
      const outcome = parseResultsFile(text, fileName);
      if (!outcome.ok) return { ok: false, errors: outcome.errors.map((e) => e.message) };
      store.getState().addImportedStudy(outcome.study);
      return { ok: true, id: outcome.study.id };
    },
    addRun: (run) => store.getState().addRun(run),
    getRuns: () => store.getState().runs,
    getSharedRuns: () => store.getState().sharedRuns,
  };
}
