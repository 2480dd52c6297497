/**
 * Neutralises spreadsheet formulas in report cells: a cell starting with `= + - @`, TAB or CR
 * (or their full-width forms) gets a leading `'`, because quoting alone does not stop Excel
 * or LibreOffice from evaluating it (OWASP "CSV injection").
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

export function safeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One CSV line, RFC 4180 quoting, formulas neutralised except in the listed raw columns. */
export function csvLine(
  values: readonly (string | number | null)[],
  raw = new Set<number>(),
): string {
  return values
    .map((v, i) => {
      const s = v === null ? '' : String(v);
      const cell = raw.has(i) || typeof v === 'number' ? s : safeCell(s);
      return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
    })
    .join(',');
}
