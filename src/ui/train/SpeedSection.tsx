/**
 * "Speed on this machine": the backend probe's measurements (a few steps of a small model on
 * WebGPU, WebGL and the CPU, a first answer within 10 s, in a worker of its own, then the backends
 * it did not finish in the background), the estimated time of the run the form describes on each
 * backend, and the backend 'Automatic' will use, with its reason, following each result.
 * The probe starts when the panel opens with the backend on 'Automatic'.
 */
import { useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { aboutDuration, runWork } from '../../grid/estimate.ts';
import type { BackendProbe } from '../../worker/protocol.ts';
import {
  backendOn,
  backendWords,
  chooseAuto,
  estimatesFor,
  probeStatus,
  runShapeOf,
} from './probeChoice.ts';
import {
  LONG_PROBE_MS,
  measureBackends,
  stopProbe,
  unmeasured,
  useProbeStore,
} from './probeStore.ts';
import { useTrainStore } from './trainStore.ts';

/** @returns one backend's measurement in words; one still measured says what it is doing */
function rateText(p: BackendProbe, pending: boolean): string {
  if (!p.ok) return pending ? `${p.note}…` : p.note;
  const gflops =
    p.flopPerSecond === null ? 'overhead only' : `${(p.flopPerSecond / 1e9).toFixed(2)} GFLOP/s`;
  const steps = p.timings.map((t) => `${t.ms.toFixed(0)} ms at batch ${t.batch}`).join(', ');
  return `${steps} (${(p.msPerLayer ?? 0).toFixed(2)} ms per layer + ${gflops}; warm-up ${(p.warmupMs / 1000).toFixed(1)} s)`;
}

/** @returns the speed section: the probe's lines, the estimate per backend, the automatic choice */
export function SpeedSection({ disabled }: { readonly disabled: boolean }) {
  const { form, report } = useTrainStore(useShallow((s) => ({ form: s.form, report: s.report })));
  const { probe, running, error } = useProbeStore(
    useShallow((s) => ({ probe: s.report, running: s.running, error: s.error })),
  );
  const auto = form.backend === 'auto';
  useEffect(() => {
    if (auto) void measureBackends();
  }, [auto]);
  const shape = useMemo(() => runShapeOf(form, report), [form, report]);
  const probes = probe?.probes ?? running ?? [];
  const pending = probe?.pending ?? [];
  const estimates = shape && probes.length > 0 ? estimatesFor(probes, runWork(shape)) : [];
  const choice = probe && running === null ? chooseAuto(shape, probe.probes, pending) : null;
  const busy = running !== null || pending.length > 0;
  return (
    <section className="train-speed" aria-labelledby="train-speed-title" data-testid="train-speed">
      <h3 id="train-speed-title">Speed on this machine</h3>
      <p className="small muted" data-testid="probe-status" role="status">
        {running !== null
          ? 'Measuring the backends (a few steps of a small model on each, in a worker of its own)…'
          : probe
            ? probeStatus(probe)
            : 'Not measured yet.'}
      </p>
      {error && <p className="message error">{error}</p>}
      {probes.length > 0 && (
        <ul className="small train-probe-list">
          {probes.map((p, i) => (
            <li
              key={p.name}
              data-testid="probe-backend"
              data-backend={p.name}
              data-ok={p.ok}
              data-pending={pending.includes(p.name)}
            >
              <strong>{backendOn(p)}</strong>
              {estimates[i]?.seconds != null && (
                <>
                  :{' '}
                  <span data-testid="probe-estimate">
                    {aboutDuration(estimates[i]?.seconds ?? NaN)}
                  </span>{' '}
                  for this run
                </>
              )}
              <span className="muted"> · {rateText(p, pending.includes(p.name))}</span>
            </li>
          ))}
        </ul>
      )}
      {auto && choice && (
        <p className="message" data-testid="probe-choice" data-backend={choice.name ?? ''}>
          Automatic: {choice.reason}
        </p>
      )}
      <div className="chart-actions">
        <button
          type="button"
          disabled={disabled || busy}
          onClick={() => void measureBackends({ again: true })}
        >
          {probe ? 'Measure again' : 'Measure now'}
        </button>
        {pending.length > 0 && (
          <button type="button" onClick={() => stopProbe('stopped by hand')}>
            Stop measuring
          </button>
        )}
        {unmeasured(probe).length > 0 && (
          <button
            type="button"
            disabled={disabled || busy}
            onClick={() => void measureBackends({ longer: true })}
          >
            Measure {backendWords(unmeasured(probe))} longer (up to {LONG_PROBE_MS / 1000} s)
          </button>
        )}
      </div>
    </section>
  );
}
