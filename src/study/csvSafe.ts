/**
 * The one defence every CSV the app or the command line writes uses against formula injection
 * (OWASP "CSV Injection"): a text cell a spreadsheet would evaluate (it starts with =, +, -, @,
 * a tab or a carriage return) gets a leading apostrophe, which spreadsheets show as text ("+1"
 * included: a spreadsheet would compute it). Numbers a writer holds as numbers are not text and
 * are written as they are. Writers call `defuseCell` on every text cell and header, or `csvCell`
 * when they quote themselves. Pure.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * @param value a text cell as it would be written
 * @returns the cell with an apostrophe in front when a spreadsheet would run it as a formula
 */
export function defuseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * Defuses a cell, then quotes it when it holds a delimiter, quote or line break (RFC 4180 §2.6–2.7).
 * @param value the raw cell text
 * @returns the cell as written to the file
 */
export function csvCell(value: string): string {
  const safe = defuseCell(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
