/**
 * eng_bench_gemm in Debian's Chromium (headless, one thread, the st binaries), both builds
 * interleaved, best of N rounds, on the three GEMM shapes.
 *
 *   node --import tsx scripts/bench/engineGemmChromium.ts [rounds]
 *
 * Prints GFLOP/s per CPU second of the page's main thread (CDP Performance.getMetrics
 * `ThreadTime`) next to wall-clock GFLOP/s: on a shared machine the wall clock also counts the
 * time other processes held the core, the thread time does not.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type CDPSession, type Page } from 'playwright';
import { GEMM_SHAPES } from './engineKernels.ts';

type Isa = 'relaxed' | 'simd';
const ISAS: readonly Isa[] = ['relaxed', 'simd'];

interface BenchWindow {
  engines: Record<
    string,
    { eng_bench_gemm: (m: number, k: number, n: number, r: number) => number }
  >;
}

async function threadTime(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'ThreadTime')?.value ?? Number.NaN;
}

async function instantiate(page: Page): Promise<void> {
  const dist = fileURLToPath(new URL('../../engine/dist', import.meta.url));
  const bins = Object.fromEntries(
    ISAS.map((isa) => [isa, Array.from(readFileSync(`${dist}/engine-${isa}-st.wasm`))]),
  );
  await page.evaluate(async (bins: Record<string, number[]>) => {
    const w = window as unknown as BenchWindow;
    w.engines = {};
    for (const [isa, bytes] of Object.entries(bins)) {
      const memory = new WebAssembly.Memory({ initial: 64, maximum: 32768 });
      const { instance } = await WebAssembly.instantiate(new Uint8Array(bytes), {
        env: { memory },
      });
      w.engines[isa] = instance.exports as unknown as BenchWindow['engines'][string];
    }
  }, bins);
}

/** One timed call in the page: [flops, wall seconds]. */
function timedCall(
  page: Page,
  isa: Isa,
  shape: readonly number[],
  reps: number,
): Promise<number[]> {
  return page.evaluate(
    ([isa, m, k, n, reps]) => {
      const e = (window as unknown as BenchWindow).engines[isa as string];
      const t0 = performance.now();
      const flops = e?.eng_bench_gemm(m as number, k as number, n as number, reps as number) ?? 0;
      return [flops, (performance.now() - t0) / 1000];
    },
    [isa, shape[0], shape[1], shape[2], reps] as const,
  );
}

async function main(rounds: number): Promise<void> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  const page = await browser.newPage();
  await page.goto('about:blank');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await instantiate(page);
  const best = new Map<string, [number, number]>();
  for (let r = 0; r < rounds; r++)
    for (const [m, k, n] of GEMM_SHAPES)
      for (const isa of ISAS) {
        const reps = Math.max(1, Math.round(3e9 / (2 * m * k * n)));
        if (r === 0) await timedCall(page, isa, [m, k, n], 1); // tier-up, memory growth
        const t0 = await threadTime(cdp);
        const [flops = 0, wall = 1] = await timedCall(page, isa, [m, k, n], reps);
        const cpu = (await threadTime(cdp)) - t0;
        const key = `gemm ${m}x${k}x${n} ${isa}`;
        const [c, w] = best.get(key) ?? [0, 0];
        best.set(key, [Math.max(c, flops / cpu / 1e9), Math.max(w, flops / wall / 1e9)]);
      }
  console.log(
    `${await browser.version()}, best of ${rounds}, 1 thread, GFLOP/s (thread time / wall)`,
  );
  for (const [key, [c, w]] of best)
    console.log(`${key.padEnd(30)} ${c.toFixed(1).padStart(6)} ${w.toFixed(1).padStart(6)}`);
  await browser.close();
}

await main(Number(process.argv[2] ?? 7));
