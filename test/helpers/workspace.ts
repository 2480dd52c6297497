import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureWorkspace } from '../../src/store/workspace.js';
import { openContext, type OpenedContext } from '../../src/pipeline/context.js';
import { PROVIDER_FIELDS, type ProviderRow } from '../../src/model.js';
import { providerColumn } from '../../src/store/schema.js';

/** A fresh workspace under the OS temp dir, opened for writing. */
export function tempContext(command = 'test'): OpenedContext {
  const dir = mkdtempSync(join(tmpdir(), 'credkit-test-'));
  return openContext(ensureWorkspace(dir), command);
}

const EMPTY_ROW: ProviderRow = Object.fromEntries(
  PROVIDER_FIELDS.map((f) => [f, null]),
) as unknown as ProviderRow;

/** Inserts a roster batch with the given rows straight into SQLite; returns the row ids. */
export function insertRows(
  ctx: OpenedContext,
  batchId: string,
  rows: Partial<ProviderRow>[],
): number[] {
  ctx.db
    .prepare(
      `INSERT INTO roster_batches (id, file_name, file_sha256, profile, loaded_at,
        rows_read, rows_loaded, rows_rejected, rows_skipped)
       VALUES (?, 'test.csv', ?, 'generic', '2026-01-01T00:00:00Z', ?, ?, 0, 0)`,
    )
    .run(batchId, `sha-${batchId}`, rows.length, rows.length);
  const cols = PROVIDER_FIELDS.map(providerColumn);
  const insert = ctx.db.prepare(
    `INSERT INTO roster_rows (batch_id, record, line, ${cols.join(', ')})
     VALUES (?, ?, ?, ${cols.map(() => '?').join(', ')})`,
  );
  return rows.map((r, i) => {
    const full = { ...EMPTY_ROW, entityType: 'individual', ...r } as ProviderRow;
    const values = PROVIDER_FIELDS.map((f) => full[f]);
    return Number(insert.run(batchId, i + 1, i + 2, ...values).lastInsertRowid);
  });
}
