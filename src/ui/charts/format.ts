/**
 * Number formats shared by chart captions, tooltips and tables.
 */
import type { ReportedStatistic } from '../../study/types.ts';

const SYMBOL: Record<ReportedStatistic['kind'], string> = {
  spearman: 'ρ',
  kendall: 'τ',
  pearson: 'r',
  ratio: '×',
  other: '',
};

/**
 * Formats a reported statistic as it appears in text, e.g. "ρ = −0.72" or "3.25×".
 * @param s the reported statistic
 * @returns the formatted value
 */
export function formatReported(s: ReportedStatistic): string {
  if (s.kind === 'ratio') return `${s.value}×`;
  const sign = s.value < 0 ? '−' : '';
  return `${SYMBOL[s.kind]} = ${sign}${Math.abs(s.value)}`.trim();
}

/**
 * @param v a value, or null/NaN
 * @param digits fraction digits
 * @returns the value with a proper minus sign, or "n/a"
 */
export function fmt(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
  return v.toFixed(digits).replace(/^-/, '−');
}

/**
 * @param n a parameter count
 * @returns three significant digits in millions, e.g. "7.98 M" or "20 M"
 */
export function formatParams(n: number): string {
  return `${Number((n / 1e6).toPrecision(3))} M`;
}

/**
 * How many fraction digits axis labels need: the fewest that print every tick exactly, so that no
 * two ticks share a label (0.005 and 0.015 both print "0.01" with two digits).
 * @param ticks the axis ticks
 * @returns fraction digits, 0 to 8
 */
export function tickDigits(ticks: readonly number[]): number {
  for (let digits = 0; digits < 8; digits++) {
    if (ticks.every((t) => Math.abs(Number(t.toFixed(digits)) - t) < 1e-10)) return digits;
  }
  return 8;
}
