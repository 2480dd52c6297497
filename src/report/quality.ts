import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from '../store/duckdb.js';
import { NPI_MACRO, QUALITY_RULES, type FieldRule } from './quality-rules.js';

export interface FieldQuality {
  field: string;
  appliesTo: string;
  rows: number;
  present: number;
  valid: number;
  /** present / rows, 0..1 (1 when no row applies). */
  completeness: number;
  /** valid / present, 0..1 (1 when nothing is present). */
  validity: number;
  rule: string;
}

/**
 * Computes completeness and validity of every field of a roster table in one DuckDB pass.
 * `nucc` must be a table with a `code` column holding the taxonomy code set.
 */
export async function measureQuality(
  conn: DuckDBConnection,
  table: string,
): Promise<FieldQuality[]> {
  await conn.run(NPI_MACRO);
  const selects = QUALITY_RULES.flatMap((r) => ruleColumns(r));
  const [row] = await queryRows<Record<string, string | number>>(
    conn,
    `SELECT ${selects.join(',\n')} FROM ${table}`,
  );
  return QUALITY_RULES.map((r) => toFieldQuality(r, row));
}

function ruleColumns(r: FieldRule): string[] {
  const applies = r.applies === 'all' ? 'true' : `entity_type = '${r.applies}'`;
  const present = `${applies} AND nullif(trim(${r.field}), '') IS NOT NULL`;
  return [
    `count(*) FILTER (WHERE ${applies}) AS "${r.field}.rows"`,
    `count(*) FILTER (WHERE ${present}) AS "${r.field}.present"`,
    `count(*) FILTER (WHERE ${present} AND coalesce(${r.valid}, false)) AS "${r.field}.valid"`,
  ];
}

function toFieldQuality(r: FieldRule, row: Record<string, string | number>): FieldQuality {
  const rows = Number(row[`${r.field}.rows`]);
  const present = Number(row[`${r.field}.present`]);
  const valid = Number(row[`${r.field}.valid`]);
  return {
    field: r.field,
    appliesTo: r.applies,
    rows,
    present,
    valid,
    completeness: rows ? round(present / rows) : 1,
    validity: present ? round(valid / present) : 1,
    rule: r.rule,
  };
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
