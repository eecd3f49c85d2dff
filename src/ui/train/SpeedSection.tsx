/**
 * "Speed on this machine": the backend probe's measurements (a few steps of a small model on
 * WebGPU, WebGL and the CPU, under 10 s, in a worker of its own), the estimated time of the run
 * the form describes on each backend, and the backend 'Automatic' will use, with its reason.
 * The probe starts when the panel opens with the backend on 'Automatic'.
 */
import { useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { aboutDuration, runWork } from '../../grid/estimate.ts';
import type { BackendProbe } from '../../worker/protocol.ts';
import { backendOn, backendWord, chooseAuto, estimatesFor, runShapeOf } from './probeChoice.ts';
import { LONG_PROBE_MS, measureBackends, unmeasured, useProbeStore } from './probeStore.ts';
import { useTrainStore } from './trainStore.ts';

/** @returns one backend's measurement in words */
function rateText(p: BackendProbe): string {
  if (!p.ok) return p.note;
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
  // a longer probe re-measures some backends: the others keep their line meanwhile
  const probes =
    probe?.probes.map((p) => running?.find((r) => r.name === p.name) ?? p) ?? running ?? [];
  const estimates = shape && probes.length > 0 ? estimatesFor(probes, runWork(shape)) : [];
  const choice = probe && running === null ? chooseAuto(shape, probe.probes) : null;
  return (
    <section className="train-speed" aria-labelledby="train-speed-title" data-testid="train-speed">
      <h3 id="train-speed-title">Speed on this machine</h3>
      <p className="small muted" data-testid="probe-status" role="status">
        {running !== null
          ? 'Measuring the backends (a few steps of a small model on each, in a worker of its own)…'
          : probe
            ? `Measured in ${(probe.totalMs / 1000).toFixed(1)} s. Estimates: this run's analytic FLOPs and layers at each backend's measured rate (data loading and the first step's compilation not included).`
            : 'Not measured yet.'}
      </p>
      {error && <p className="message error">{error}</p>}
      {probes.length > 0 && (
        <ul className="small train-probe-list">
          {probes.map((p, i) => (
            <li key={p.name} data-testid="probe-backend" data-backend={p.name} data-ok={p.ok}>
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
              <span className="muted"> · {rateText(p)}</span>
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
          disabled={disabled || running !== null}
          onClick={() => void measureBackends({ again: true })}
        >
          {probe ? 'Measure again' : 'Measure now'}
        </button>
        {unmeasured(probe).length > 0 && (
          <button
            type="button"
            disabled={disabled || running !== null}
            onClick={() => void measureBackends({ longer: true })}
          >
            Measure {unmeasured(probe).map(backendWord).join(' and ')} longer (up to{' '}
            {LONG_PROBE_MS / 1000} s)
          </button>
        )}
      </div>
    </section>
  );
}
