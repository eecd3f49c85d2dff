/**
 * Numbers in the CSVs people give (results files, `stats` columns, label files) are read as
 * decimal literals only: `Number()` would also take `0x10` (16), `0b1`, `0o7`, `Infinity` and
 * whitespace, which no results table means. Pure.
 */

/** An optional sign, digits with an optional point (or a point and digits), an optional exponent. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * @param text a cell, already trimmed
 * @returns its value, or NaN when it is not a finite decimal number (hex, binary, octal,
 *   Infinity, NaN, thousands separators, an exponent that overflows)
 */
export function parseDecimal(text: string): number {
  if (!DECIMAL.test(text)) return Number.NaN;
  const value = Number(text);
  return Number.isFinite(value) ? value : Number.NaN;
}
