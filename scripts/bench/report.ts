/**
 * Prints the benchmark tables. Ratios are computed here, from numbers measured in the same run.
 */
import type { BundleReport } from './bundle.ts';
import type { FirstViewReport } from './firstView.ts';
import type { BackendLatency, SliderReport } from './latency.ts';
import { geometricMean, unfairTorchReason, type TorchBaseline } from './torch.ts';
import type { TrainingReport } from './training.ts';
import { steadyRate, type BrowserRun } from './trainingBrowser.ts';

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

/** @param report the run's report (bundle and firstView sections) */
export function printBundle(report: Record<string, unknown>): void {
  const bundle = report.bundle as BundleReport;
  const first = report.firstView as FirstViewReport;
  console.log('\n== First view ==');
  console.table(
    bundle.initialFiles.map((f) => ({ file: f.file, raw: kb(f.bytes), gzip: kb(f.gzipBytes) })),
  );
  console.log(
    `initial bundle (gzip): ${kb(bundle.initialGzipBytes)}; TensorFlow.js in it: ${bundle.initialHasTfjs ? 'YES (regression)' : 'no'}`,
  );
  console.log(`all JS (gzip, incl. lazy worker chunks): ${kb(bundle.totalJsGzipBytes)}`);
  console.log(
    `time to the first point of the first chart: median ${first.medianMs.toFixed(0)} ms over ${first.runsMs.length} cold loads (${first.runsMs.map((v) => v.toFixed(0)).join(', ')})`,
  );
  console.log(
    `points drawn by the first chart: ${first.pointsDrawn}; inside a ${first.viewport.width}×${first.viewport.height} viewport without scrolling: ${first.pointsInViewport}`,
  );
  console.log(`tfjs/worker/wasm requests during the first view: ${first.tfjsRequests.length}`);
}

interface ZooReport {
  slider: SliderReport;
  browserLatency: BackendLatency[];
  torch: TorchBaseline | { skipped: string };
}

/** @param report the run's report (zoo section) */
export function printZoo(report: Record<string, unknown>): void {
  const zoo = report.zoo as ZooReport;
  console.log('\n== Architecture Lab ==');
  const sl = zoo.slider;
  console.log(
    `slider (DenseNet201, ${sl.moves} moves): numbers update median ${sl.updateMedianMs.toFixed(2)} ms, max ${sl.updateMaxMs.toFixed(2)} ms (target < 16 ms); chart settled (2 frames) median ${sl.settledMedianMs.toFixed(1)} ms, max ${sl.settledMaxMs.toFixed(1)} ms`,
  );
  for (const b of zoo.browserLatency) {
    if (b.error) console.log(`${b.backend}: ${b.error}`);
  }
  const torch = 'results' in zoo.torch ? zoo.torch : null;
  if (!torch)
    console.log(`PyTorch baseline skipped: ${(zoo.torch as { skipped: string }).skipped}`);
  const rows = latencyRows(zoo.browserLatency, torch);
  console.log('\n== Inference latency, batch 1, native input, median ms ==');
  console.table(rows);
  printRatios(
    zoo.browserLatency.find((b) => b.backend === 'wasm'),
    torch,
    `PyTorch ${torch?.torch ?? ''} (${torch?.threads ?? '?'} thread(s))`,
  );
}

function latencyRows(latency: BackendLatency[], torch: TorchBaseline | null) {
  const archs = [...new Set(latency.flatMap((b) => b.results.map((r) => r.arch)))];
  return archs.map((arch) => {
    const row: Record<string, string> = { arch };
    for (const b of latency) {
      const r = b.results.find((x) => x.arch === arch);
      row[b.backend] = r ? r.medianMs.toFixed(1) : '-';
    }
    row[`torch (${torch?.threads ?? '?'} thr)`] =
      torch?.results[arch]?.medianMs?.toFixed(1) ?? 'n/a';
    return row;
  });
}

function printRatios(
  wasm: BackendLatency | undefined,
  torch: TorchBaseline | null,
  label: string,
): void {
  if (!wasm || !torch) return;
  const unfair = unfairTorchReason(torch);
  if (unfair !== null) return void console.log(`\n${unfair}.`);
  const ratios = wasm.results.flatMap((r) => {
    const t = torch.results[r.arch]?.medianMs;
    return t ? [{ arch: r.arch, ratio: r.medianMs / t }] : [];
  });
  if (ratios.length === 0) return;
  const geo = geometricMean(ratios.map((r) => r.ratio));
  const worst = ratios.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  console.log(
    `\nWASM / ${label}: geometric mean ${geo.toFixed(2)}× (target ≤ 1.0×), worst ${worst.arch} ${worst.ratio.toFixed(2)}× (target ≤ 1.5× each) over ${ratios.length} architectures`,
  );
  console.log(
    `  ${geo <= 1 && worst.ratio <= 1.5 ? 'MET' : 'NOT MET'}: ${ratios.map((r) => `${r.arch} ${r.ratio.toFixed(2)}×`).join(', ')}`,
  );
}

const met = (ok: boolean): string => (ok ? 'met' : 'NOT met');
const rate = (run: BrowserRun): string =>
  run.error === null ? steadyRate(run).toFixed(2) : `error: ${run.error.slice(0, 80)}`;

/** @param t the run's report (training section) */
export function printTraining(t: TrainingReport): void {
  console.log('\n== Training (images/s of the training steps, last epoch) ==');
  const a = t.aucCheck;
  const c = t.config.aucCheck;
  console.log(
    `synthetic AUC check (${c.arch} −${c.unitsRemoved} units, ${c.inputSize} px, ${c.epochs} epochs, ${a.backend || 'webgl'}): mean AUC ${a.meanAuc?.toFixed(3) ?? a.error} in ${a.seconds.toFixed(0)} s; per epoch ${a.epochs.map((e) => e.meanAuc?.toFixed(3)).join(' ')} (target ≥ ${t.targets.auc} within ${t.targets.aucSeconds} s: ${met(a.met)})`,
  );
  const node = 'epochs' in t.node ? t.node : null;
  console.table([
    ...t.throughput.map((r) => ({ backend: r.asked, ran: r.backend, 'img/s': rate(r) })),
    {
      backend: 'node cpu',
      ran: node?.backend ?? '',
      'img/s': node ? (node.epochs.at(-1)?.imagesPerSecond.toFixed(2) ?? '-') : String(t.node),
    },
  ]);
  const size = (r: TrainingReport['config']['cpu']) =>
    r.dataset.kind === 'synthetic' ? r.dataset.size : 0;
  console.log(
    `(${t.config.throughput.arch} −${t.config.throughput.unitsRemoved} units, ${t.config.throughput.inputSize} px, batch ${t.config.throughput.batchSize}, ${size(t.config.throughput)} training images; cpu and node cpu ${size(t.config.cpu)})`,
  );
  const f = t.files;
  console.log(
    `files vs memory (${f.baseline === 'inMemory' ? 'same PNGs, inMemory' : 'synthetic in-memory source'}): ${rate(f.fromFiles)} / ${rate(f.inMemory)} img/s = ${f.ratio.toFixed(2)} (target ≥ ${t.targets.filesRatio}: ${met(f.ratio >= t.targets.filesRatio)})`,
  );
  const w = t.worker;
  console.log(
    `worker vs direct loop (webgl): ${rate(w.viaWorker)} / ${rate(w.direct)} img/s = ${w.ratio.toFixed(2)} (target ≥ ${t.targets.workerRatio}: ${met(w.ratio >= t.targets.workerRatio)})`,
  );
  const l = t.longTasks;
  console.log(
    l.error === null
      ? `main thread during a Train panel run (${l.seconds.toFixed(0)} s): ${l.count === 0 ? 'no long task (the browser reports tasks of 50 ms and more)' : `longest task ${l.longestMs.toFixed(0)} ms, ${l.over50} over 50 ms`} (target: none over 50 ms: ${met(l.over50 === 0)})`
      : `long tasks not measured: ${l.error}`,
  );
}
