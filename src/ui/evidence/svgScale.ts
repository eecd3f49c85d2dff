/**
 * Axis scales for the evidence view's plain-SVG scatter: a value domain padded a little, mapped to
 * a pixel range, with ticks at 1-2-5 steps (linear) or 1-2-5 per decade (log). Pure.
 */
import { logTicks } from '../charts/chartParts.ts';

/** A scale: value -> pixel, plus its ticks. */
export interface Scale {
  readonly map: (v: number) => number;
  readonly ticks: readonly number[];
}

/**
 * @param lo smallest value
 * @param hi largest value
 * @param count about how many ticks
 * @returns ticks at a 1, 2 or 5 × 10^k step covering [lo, hi]
 */
export function niceTicks(lo: number, hi: number, count = 8): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step)
    out.push(Number(t.toFixed(12)));
  return out;
}

/**
 * @param values the plotted values
 * @param range pixel range [start, end] (end may be smaller, as for a y axis)
 * @returns a linear scale over the values, padded by 5% each side (±0.01 when all are equal)
 */
export function linearScale(values: readonly number[], range: readonly [number, number]): Scale {
  const finite = values.filter(Number.isFinite);
  let lo = finite.length ? Math.min(...finite) : 0;
  let hi = finite.length ? Math.max(...finite) : 1;
  const pad = hi > lo ? (hi - lo) * 0.05 : 0.01;
  lo -= pad;
  hi += pad;
  const [a, b] = range;
  return { map: (v) => a + ((v - lo) / (hi - lo)) * (b - a), ticks: niceTicks(lo, hi) };
}

/**
 * @param values the plotted values (positive)
 * @param range pixel range [start, end]
 * @returns a log10 scale over the values with 1-2-5 ticks
 */
export function logScale(values: readonly number[], range: readonly [number, number]): Scale {
  const { domain, ticks } = logTicks(values);
  const [lo, hi] = [Math.log10(domain[0]), Math.log10(domain[1])];
  const [a, b] = range;
  return { map: (v) => a + ((Math.log10(v) - lo) / (hi - lo)) * (b - a), ticks };
}
