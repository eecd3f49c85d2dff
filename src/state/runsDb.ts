/**
 * Where My runs are kept: IndexedDB (database 'chextransfer-runs', through `idb`), or, when the
 * browser refuses IndexedDB (private mode, storage blocked), memory for this session only.
 * The store talks to the `RunsStorage` interface, so tests inject either implementation.
 */
import { openDB } from 'idb';
import type { IDBPDatabase } from 'idb';
import { parseRun } from '../study/runs.ts';
import type { RunRecord } from '../study/runs.ts';

/** The IndexedDB database name. */
export const RUNS_DB_NAME = 'chextransfer-runs';
const STORE = 'runs';

/** The operations the runs slice needs. */
export interface RunsStorage {
  /** False for the in-memory fallback (runs are lost on reload). */
  readonly persistent: boolean;
  /** Every stored run, oldest first; records that fail validation are skipped and counted. */
  list: () => Promise<{ runs: RunRecord[]; skipped: number }>;
  put: (run: RunRecord) => Promise<void>;
  remove: (id: string) => Promise<void>;
  clear: () => Promise<void>;
}

const byTime = (a: RunRecord, b: RunRecord): number => a.finishedAt.localeCompare(b.finishedAt);

/**
 * Session-only storage.
 * @param initial runs to start with
 * @returns storage that forgets everything on reload
 */
export function memoryRunsStorage(initial: readonly RunRecord[] = []): RunsStorage {
  const runs = new Map(initial.map((r) => [r.id, r]));
  return {
    persistent: false,
    list: () => Promise.resolve({ runs: [...runs.values()].sort(byTime), skipped: 0 }),
    put: (run) => {
      runs.set(run.id, run);
      return Promise.resolve();
    },
    remove: (id) => {
      runs.delete(id);
      return Promise.resolve();
    },
    clear: () => {
      runs.clear();
      return Promise.resolve();
    },
  };
}

/**
 * IndexedDB storage; the database opens on first use, and every failure rejects (the slice
 * then falls back to memory).
 * @param name database name (tests use a fresh one each)
 * @returns persistent storage
 */
export function idbRunsStorage(name = RUNS_DB_NAME): RunsStorage {
  let db: Promise<IDBPDatabase> | null = null;
  const open = (): Promise<IDBPDatabase> => {
    if (typeof indexedDB === 'undefined')
      return Promise.reject(new Error('IndexedDB is not available in this browser.'));
    db ??= openDB(name, 1, {
      upgrade(d) {
        d.createObjectStore(STORE, { keyPath: 'id' });
      },
    });
    return db;
  };
  return {
    persistent: true,
    list: async () => {
      const raw: unknown[] = await (await open()).getAll(STORE);
      const parsed = raw.map(parseRun);
      const runs = parsed.flatMap((p) => (p.ok ? [p.run] : []));
      return { runs: runs.sort(byTime), skipped: parsed.length - runs.length };
    },
    put: async (run) => {
      await (await open()).put(STORE, run);
    },
    remove: async (id) => {
      await (await open()).delete(STORE, id);
    },
    clear: async () => {
      await (await open()).clear(STORE);
    },
  };
}
