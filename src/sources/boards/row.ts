import { clean } from '../snapshot-csv.js';
import { isValidNpi } from '../../transform/npi.js';
import { nameKey, orgKey } from '../../transform/match-names.js';
import { normalizeLicense } from '../../transform/normalize/license.js';
import { readLayoutDate } from './dates.js';
import { ANY_VALUE, DATE_FIELDS, type Layout, type LayoutField } from './layout.js';
import type { LayoutItem } from './read.js';

/** Turns one data record into its row (or a skip) plus warnings. */
export type RowMapper = (record: string[], line: number, rawSha256: string) => LayoutItem[];

/** Table column of a layout field (`expirationDate` -> `expiration_date`). */
export function fieldColumn(field: LayoutField): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * Builds the mapper for a header: placeholders become null (B14), dates are read with the
 * layout's formats (a bad one skips the record: a wrong expiry must not read as "no expiry"),
 * licence numbers go through the roster's normaliser, and a state list's NPI cell may hold
 * several NPIs split by the layout's `npiSplit` (B15), each validated, the raw cell kept.
 */
export function layoutMapper(
  layout: Layout,
  at: ReadonlyMap<LayoutField, number>,
  disciplineAt: number,
): RowMapper {
  const value = (record: string[], i: number) => {
    const v = clean(record[i]);
    return v === null || layout.placeholders.has(v.toUpperCase()) ? null : v;
  };
  return (record, line, rawSha256) => {
    const out: LayoutItem[] = [];
    const warn = (code: string, field: string, message: string, skipped = false) =>
      out.push({ kind: 'warning', line, code, field, message, skipped });
    const row: Record<string, unknown> = { layout: layout.id, line, raw_sha256: rawSha256 };
    for (const [field, i] of at) {
      const v = value(record, i);
      if (DATE_FIELDS.has(field)) {
        const r = readLayoutDate(v, layout.dateFormats);
        if (!r.ok) warn('W_DATE', field, `${field} is ${r.message}; record not imported`, true);
        row[fieldColumn(field)] = r.ok ? r.value : null;
      } else row[fieldColumn(field)] = v;
    }
    if (out.some((w) => w.kind === 'warning' && w.skipped)) return out;
    finishRow(layout, row, warn);
    if (disciplineAt >= 0) row.discipline = isFlagged(layout, value(record, disciplineAt));
    out.push({ kind: 'row', line, values: row });
    return out;
  };
}

type Warn = (code: string, field: string, message: string) => void;

function finishRow(layout: Layout, row: Record<string, unknown>, warn: Warn): void {
  const text = (col: string) => (row[col] as string | null | undefined) ?? null;
  row.license_number = normalizeLicense(text('license_number')).value;
  row.status_raw = text('status');
  row.status = mapStatus(layout, text('status'), warn);
  if (layout.kind === 'board') {
    row.npi = isValidNpi(text('npi')) ? text('npi') : null;
  } else {
    row.npi_raw = text('npi');
    row.npis = splitNpis(layout, text('npi'), warn);
  }
  row.last_key = nameKey(text('last_name'));
  row.first_key = nameKey(text('first_name'));
  row.org_key = orgKey(text('org_name'));
}

function mapStatus(layout: Layout, raw: string | null, warn: Warn): string | null {
  if (raw === null) return null;
  const status = layout.status.get(raw.trim().toUpperCase());
  if (!status) warn('W_STATUS', 'status', 'status value is not in the layout status map');
  return status ?? null;
}

/** Valid NPIs of the cell; invalid parts are dropped with a warning (the raw cell is kept). */
function splitNpis(layout: Layout, raw: string | null, warn: Warn): string[] {
  if (raw === null) return [];
  const parts = layout.npiSplit ? raw.split(layout.npiSplit) : [raw];
  const npis: string[] = [];
  for (const part of parts) {
    const v = clean(part);
    if (v === null || layout.placeholders.has(v.toUpperCase())) continue;
    if (isValidNpi(v)) npis.push(v);
    else warn('W_NPI', 'npi', 'an NPI in the cell is not 10 digits with a valid check digit');
  }
  return [...new Set(npis)];
}

function isFlagged(layout: Layout, v: string | null): string {
  if (v === null) return 'N';
  const truthy = layout.discipline!.truthy;
  return truthy.has(ANY_VALUE) || truthy.has(v.trim().toUpperCase()) ? 'Y' : 'N';
}
