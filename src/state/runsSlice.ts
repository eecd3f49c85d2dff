/**
 * My runs in the store: the person's own runs (persisted), runs that arrived in a link (shown,
 * marked "from link", kept only on request), and whether charts draw them.
 */
import type { StateCreator } from 'zustand';
import type { RunRecord } from '../study/runs.ts';
import type { RunsStorage } from './runsDb.ts';
import type { AppState } from './slices.ts';
import { idbRunsStorage, memoryRunsStorage } from './runsDb.ts';

/** 'memory' means IndexedDB failed and runs last only for this session. */
export type RunsStatus = 'idle' | 'loading' | 'ready' | 'memory';

/** The runs slice. */
export interface RunsSlice {
  runs: RunRecord[];
  /** Runs from a link, not in this browser's storage. */
  sharedRuns: RunRecord[];
  runsStatus: RunsStatus;
  /** A one-line notice, e.g. that runs are kept in memory only. */
  runsNotice: string | null;
  /** Whether the charts draw My runs. */
  runsVisible: boolean;
  addRun: (run: RunRecord) => Promise<void>;
  removeRun: (id: string) => Promise<void>;
  clearRuns: () => Promise<void>;
  loadRuns: () => Promise<void>;
  /** Replaces the runs from a link (those already one's own are dropped). */
  setSharedRuns: (runs: RunRecord[]) => void;
  /** Moves a run from a link into one's own (persisted) runs. */
  keepSharedRun: (id: string) => Promise<void>;
  toggleRunsVisible: () => void;
}

const MEMORY_NOTICE =
  'This browser did not let the Explorer store data (private mode?): your runs are kept for this session only.';

/**
 * Creates the runs slice over a storage; when that storage fails, it switches to memory.
 * @param storage where runs are kept (default: IndexedDB)
 * @returns a slice creator
 */
export function createRunsSlice(
  storage: RunsStorage = idbRunsStorage(),
): StateCreator<AppState, [], [], RunsSlice> {
  return (set, get) => {
    let db = storage;
    /** Runs `op` on the storage; on failure, moves to memory holding the current runs. */
    const persist = async (op: (s: RunsStorage) => Promise<void>): Promise<void> => {
      try {
        await op(db);
      } catch {
        db = memoryRunsStorage(get().runs);
        set({ runsStatus: 'memory', runsNotice: MEMORY_NOTICE });
      }
    };
    const own = (runs: RunRecord[]): Partial<RunsSlice> => {
      const ids = new Set(runs.map((r) => r.id));
      return { runs, sharedRuns: get().sharedRuns.filter((r) => !ids.has(r.id)) };
    };
    return {
      runs: [],
      sharedRuns: [],
      runsStatus: 'idle',
      runsNotice: null,
      runsVisible: true,
      addRun: async (run) => {
        set(own([...get().runs.filter((r) => r.id !== run.id), run]));
        await persist((s) => s.put(run));
      },
      removeRun: async (id) => {
        set({ runs: get().runs.filter((r) => r.id !== id) });
        await persist((s) => s.remove(id));
      },
      clearRuns: async () => {
        set({ runs: [] });
        await persist((s) => s.clear());
      },
      loadRuns: async () => {
        set({ runsStatus: 'loading' });
        try {
          const { runs, skipped } = await db.list();
          // Runs added while loading (e.g. by a test) are kept.
          const loaded = new Set(runs.map((r) => r.id));
          const merged = [...runs, ...get().runs.filter((r) => !loaded.has(r.id))];
          set({
            ...own(merged),
            runsStatus: db.persistent ? 'ready' : 'memory',
            runsNotice:
              skipped > 0 ? `${skipped} stored run(s) were unreadable and were skipped.` : null,
          });
        } catch {
          db = memoryRunsStorage(get().runs);
          set({ runsStatus: 'memory', runsNotice: MEMORY_NOTICE });
        }
      },
      setSharedRuns: (runs) => {
        const mine = new Set(get().runs.map((r) => r.id));
        set({ sharedRuns: runs.filter((r) => !mine.has(r.id)) });
      },
      keepSharedRun: async (id) => {
        const run = get().sharedRuns.find((r) => r.id === id);
        if (run) await get().addRun(run);
      },
      toggleRunsVisible: () => set({ runsVisible: !get().runsVisible }),
    };
  };
}
