import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROVIDER_FIELDS, type ProviderRow } from '../../../src/model.js';
import { openContext, type OpenedContext } from '../../../src/pipeline/context.js';
import type { Db } from '../../../src/store/sqlite.js';
import { providerColumn } from '../../../src/store/schema.js';
import { ensureWorkspace } from '../../../src/store/workspace.js';
import type { MemberRow } from '../../../src/transform/dedupe/record.js';
import { withCheckDigit } from '../../../src/transform/npi.js';

/** Valid NPIs for tests (check digit computed, not hard-coded). */
export const NPI = {
  a: withCheckDigit('123456789'),
  b: withCheckDigit('198765430'),
  c: withCheckDigit('155500001'),
  group: withCheckDigit('166600002'),
  group2: withCheckDigit('177700003'),
};

const EMPTY = Object.fromEntries(PROVIDER_FIELDS.map((f) => [f, null])) as unknown as ProviderRow;

/** A roster row with every field null except the ones given; individual by default. */
export function providerRow(fields: Partial<ProviderRow>): ProviderRow {
  return { ...EMPTY, entityType: 'individual', ...fields };
}

/** A row as dedupe reads it, for the pure transform tests. */
export function memberRow(rowId: number, fields: Partial<ProviderRow>): MemberRow {
  return { ...providerRow(fields), rowId, batchId: 'b1', recordNo: rowId };
}

export interface TestWorkspace {
  ctx: OpenedContext;
  dir: string;
  cleanup(): void;
}

export function openTestWorkspace(): TestWorkspace {
  const dir = mkdtempSync(join(tmpdir(), 'credkit-test-'));
  const ctx = openContext(ensureWorkspace(dir), 'test');
  return {
    ctx,
    dir,
    cleanup() {
      ctx.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Inserts a roster batch with the given rows (records numbered from 1); returns the row ids. */
export function insertRows(db: Db, batchId: string, rows: ProviderRow[]): number[] {
  db.prepare(
    `INSERT INTO roster_batches (id, file_name, file_sha256, profile, loaded_at, rows_read,
      rows_loaded, rows_rejected, rows_skipped) VALUES (?, ?, ?, 'test', ?, ?, ?, 0, 0)`,
  ).run(
    batchId,
    `${batchId}.csv`,
    `sha-${batchId}`,
    '2026-01-01T00:00:00Z',
    rows.length,
    rows.length,
  );
  const cols = PROVIDER_FIELDS.map(providerColumn);
  const insert = db.prepare(
    `INSERT INTO roster_rows (batch_id, record, line, ${cols.join(', ')})
     VALUES (?, ?, ?, ${cols.map(() => '?').join(', ')})`,
  );
  return rows.map((r, i) => {
    const values = PROVIDER_FIELDS.map((f) => r[f]);
    return Number(insert.run(batchId, i + 1, i + 2, ...values).lastInsertRowid);
  });
}

export function insertCheck(
  db: Db,
  rowId: number,
  source: string,
  outcome: string,
  reason: string,
): void {
  db.prepare(
    `INSERT INTO checks (row_id, source, outcome, reason, snapshot_id, evidence, checked_at)
     VALUES (?, ?, ?, ?, 's1', '{}', '2026-01-02T00:00:00Z')`,
  ).run(rowId, source, outcome, reason);
}

/** Clear checks of every required source for rows that have none yet (export screens first). */
export function screenAll(db: Db, rowIds: number[]): void {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO checks (row_id, source, outcome, reason, snapshot_id, evidence, checked_at)
     VALUES (?, ?, ?, ?, 's1', '{}', '2026-01-02T00:00:00Z')`,
  );
  const clear: [string, string, string][] = [
    ['nppes', 'verified', 'npi-active'],
    ['leie', 'not-found', 'not-listed'],
    ['sam', 'not-found', 'not-listed'],
  ];
  for (const id of rowIds)
    for (const [source, outcome, reason] of clear) insert.run(id, source, outcome, reason);
}
