/**
 * A fake probe runner for browser tests (installed through window.__explorer in test builds):
 * each backend reports "compiling shaders" at once, then its given result after a given time, or
 * never; `end` abandons the one in flight as terminating the worker does. It lets a test show the
 * choice following a backend that reports late, and a run stopping the background probe, without
 * depending on how fast this machine's software GPU compiles.
 */
import type { BackendName, BackendProbe } from '../worker/protocol.ts';
import { notMeasured } from './probeReport.ts';
import type { ProbeRunner } from './probeClient.ts';

/** One fake backend: its rate, and when it reports (null: never). */
export interface FakeBackend {
  readonly afterMs: number | null;
  readonly msPerLayer?: number;
  readonly flopPerSecond?: number;
  readonly device?: string;
  /** A failure note ("not available in this browser") instead of a rate. */
  readonly note?: string;
}

/**
 * @param backends each backend's fake
 * @param log told "start NAME", "done NAME" and "end" (abandoned) as they happen
 * @returns a runner maker for setProbeForTests
 */
export function fakeProbeRunner(
  backends: Partial<Record<BackendName, FakeBackend>>,
  log: string[],
): () => ProbeRunner {
  return () => {
    const timers = new Set<ReturnType<typeof setTimeout>>();
    let inFlight = false;
    return {
      probe(name, _stepMs, onPartial) {
        log.push(`start ${name}`);
        inFlight = true;
        const fake = backends[name] ?? { afterMs: 0, note: 'not available in this browser' };
        const device = fake.device ?? '';
        onPartial(
          notMeasured(name, 'compiling shaders (the first step)', 0, { device, software: false }),
        );
        return new Promise<BackendProbe>((resolve) => {
          if (fake.afterMs === null) return;
          const timer = setTimeout(() => {
            timers.delete(timer);
            inFlight = false;
            log.push(`done ${name}`);
            const ms = fake.afterMs ?? 0;
            if (fake.note !== undefined) return resolve(notMeasured(name, fake.note, ms));
            resolve({
              ...notMeasured(name, 'timed steps: 3 at batch 4, 3 at batch 1 (fake)', ms),
              ok: true,
              device,
              timings: [
                { batch: 4, ms: 100 },
                { batch: 1, ms: 40 },
              ],
              msPerLayer: fake.msPerLayer ?? 1,
              flopPerSecond: fake.flopPerSecond ?? 1e9,
            });
          }, fake.afterMs);
          timers.add(timer);
        });
      },
      end() {
        if (inFlight) log.push('end');
        inFlight = false;
        for (const t of timers) clearTimeout(t);
        timers.clear();
      },
    };
  };
}
