/**
 * From the backend probe to a choice: each measured backend's estimated time for this run (the
 * analytic FLOPs and layers of the configured model, at the backend's measured rate), the fastest
 * chosen, and the reason in words, naming a software GPU as such. Pure.
 */
import {
  aboutDuration,
  estimateSeconds,
  runWork,
  type RunShape,
  type RunWork,
} from '../../grid/estimate.ts';
import type { ProbeReport } from '../../client/probeReport.ts';
import type { BackendName, BackendProbe } from '../../worker/protocol.ts';
import type { OkReport } from './trainStore.ts';
import type { TrainForm } from './trainForm.ts';

/** One backend's estimate for the run (null when it measured nothing). */
export interface BackendEstimate {
  readonly probe: BackendProbe;
  readonly seconds: number | null;
}

/** The backend a run with 'auto' uses, and why. */
export interface AutoChoice {
  /** null when no backend measured anything: the default order decides. */
  readonly name: BackendName | null;
  readonly reason: string;
}

const NAMES: Record<BackendName, string> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  cpu: 'CPU',
  wasm: 'WASM',
};

/**
 * @param name a backend
 * @returns its name as people write it
 */
export const backendWord = (name: BackendName): string => NAMES[name];

/**
 * @param form the Train form
 * @param report the picked data's report (CheXpert-format runs), if any
 * @returns what the run must do, or null when its image counts are not known yet
 */
export function runShapeOf(form: TrainForm, report: OkReport | null): RunShape | null {
  const counts =
    form.data === 'synthetic'
      ? { trainImages: form.synthetic.size, validationImages: form.synthetic.validationSize }
      : report && { trainImages: report.trainRows, validationImages: report.validationRows };
  if (!counts || !(counts.trainImages > 0) || !(form.batchSize > 0) || !(form.epochs > 0))
    return null;
  const { arch, unitsRemoved, inputSize, batchSize, epochs } = form;
  if (!(inputSize >= 16)) return null;
  const inChannels = form.weights === 'in-domain' ? 1 : 3;
  return { arch, unitsRemoved, inputSize, inChannels, batchSize, epochs, ...counts };
}

/**
 * @param probes the probe's backends
 * @param work the run's work
 * @returns each backend's estimated seconds for the run
 */
export function estimatesFor(probes: readonly BackendProbe[], work: RunWork): BackendEstimate[] {
  return probes.map((probe) => ({
    probe,
    seconds:
      probe.ok && probe.msPerLayer !== null
        ? estimateSeconds(work, {
            backend: probe.name,
            msPerLayer: probe.msPerLayer,
            flopPerSecond: probe.flopPerSecond,
          })
        : null,
  }));
}

/**
 * @param probe a backend's probe
 * @returns "WebGPU on google swiftshader (a software adapter: …)", "CPU (JavaScript kernels)"
 */
export function backendOn(probe: BackendProbe): string {
  const word = backendWord(probe.name);
  if (probe.device === '') return word;
  return probe.name === 'cpu' ? `${word} (${probe.device})` : `${word} on ${probe.device}`;
}

/**
 * @param names backends
 * @returns "WebGL", "WebGL and WebGPU"
 */
export const backendWords = (names: readonly BackendName[]): string =>
  names.map(backendWord).join(' and ');

/**
 * @param shape the run, or null when it cannot be estimated yet
 * @param probes the probe's backends
 * @param pending those still measured in the background: the choice may change when they report
 * @returns the fastest backend by estimate for this run, and why, in one sentence
 */
export function chooseAuto(
  shape: RunShape | null,
  probes: readonly BackendProbe[],
  pending: readonly BackendName[] = [],
): AutoChoice {
  const choice = chooseMeasured(
    shape,
    probes.filter((p) => !pending.includes(p.name) || p.ok),
  );
  if (pending.length === 0) return choice;
  return {
    name: choice.name,
    reason: `${choice.reason.replace('fastest measured here', 'fastest measured so far')} Still measuring ${backendWords(pending)}: the choice follows when ${pending.length > 1 ? 'they report' : 'it reports'}.`,
  };
}

/** The choice among what is measured (see chooseAuto). */
function chooseMeasured(shape: RunShape | null, probes: readonly BackendProbe[]): AutoChoice {
  const fallback = probes.find((p) => p.ok);
  if (shape === null || fallback === undefined)
    return fallback
      ? { name: fallback.name, reason: `${backendOn(fallback)} was the first to measure a step.` }
      : {
          name: null,
          reason:
            'No backend finished a probe step within the budget, so the default order decides (WebGPU, then WebGL, then the CPU).',
        };
  const ranked = estimatesFor(probes, runWork(shape))
    .filter((e): e is BackendEstimate & { seconds: number } => e.seconds !== null)
    .sort((a, b) => a.seconds - b.seconds);
  const [best, ...rest] = ranked;
  if (best === undefined) return { name: fallback.name, reason: 'No estimate could be made.' };
  const others = [
    ...rest.map((e) => `${backendWord(e.probe.name)} ${aboutDuration(e.seconds)}`),
    ...probes.filter((p) => !p.ok).map((p) => `${backendOn(p)}: ${p.note}`),
  ];
  return {
    name: best.probe.name,
    reason: `${backendOn(best.probe)} is the fastest measured here: ${aboutDuration(best.seconds)} for this run${others.length > 0 ? `, against ${others.join('; ')}` : ''}.`,
  };
}

/**
 * @param report the probe's report (from its first answer on)
 * @returns the probe's status line: when it answered, what it still measures in the background
 *   (and that a run stops it), or how long the background took
 */
export function probeStatus(
  report: Pick<ProbeReport, 'answeredMs' | 'totalMs' | 'budgetMs' | 'pending'> & {
    readonly restored?: boolean;
  },
): string {
  const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  const when = report.restored ? ' (earlier in this browser session)' : '';
  const rest =
    report.pending.length > 0
      ? ` Still measuring ${backendWords(report.pending)}… in the background (up to ${s(report.budgetMs)} in all; starting a run stops it).`
      : report.totalMs > report.answeredMs + 100
        ? ` The rest in the background: ${s(report.totalMs)} in all.`
        : '';
  return `Measured in ${s(report.answeredMs)}${when}.${rest} Estimates: this run's analytic FLOPs and layers at each backend's measured rate (data loading and the first step's compilation not included).`;
}
