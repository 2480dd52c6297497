/** The parts of an exceljs cell the reader uses. */
export interface CellLike {
  value: unknown;
  numFmt?: string;
}

/** A number format of zeros only (`00000`) pads with leading zeros: ZIP codes, often. */
const ZERO_PAD = /^0+$/;

/**
 * A cell as the string the roster pipeline expects. Text stays as typed (leading zeros kept);
 * numbers are written out in full, never in scientific notation, padded when the cell's format
 * is all zeros; Excel dates become ISO `YYYY-MM-DD` (with a time only when it is not midnight);
 * formulas give their cached result; error cells give their code (`#N/A`).
 */
export function cellText(cell: CellLike): string {
  return valueText(cell.value, cell.numFmt);
}

function valueText(value: unknown, numFmt: string | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value, numFmt);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'object') return objectText(value as Record<string, unknown>, numFmt);
  return String(value);
}

function objectText(value: Record<string, unknown>, numFmt: string | undefined): string {
  if (Array.isArray(value.richText)) {
    return (value.richText as { text?: string }[]).map((run) => run.text ?? '').join('');
  }
  if ('result' in value) return valueText(value.result, numFmt);
  if (typeof value.text === 'string') return value.text;
  if (typeof value.error === 'string') return value.error;
  return '';
}

export function numberText(n: number, numFmt?: string): string {
  let text = String(n);
  if (/e/i.test(text)) {
    text = n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
  }
  if (numFmt && ZERO_PAD.test(numFmt) && Number.isInteger(n) && n >= 0) {
    text = text.padStart(numFmt.length, '0');
  }
  return text;
}

/** exceljs builds dates in UTC from the serial number, so UTC fields are the cell's own. */
export function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  const time = iso.slice(11, 19);
  return time === '00:00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)}T${time}`;
}
