import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CredkitError } from '../errors.js';
import type { Db } from '../store/sqlite.js';
import type { MasterRecord } from '../transform/dedupe/record.js';
import type { MasterView, RowView } from '../transform/fhir/resources.js';
import type { CheckView } from '../transform/fhir/verification.js';

export function readMasters(db: Db): MasterView[] {
  const rows = db.prepare('SELECT id, kind, npi, status, record FROM masters ORDER BY id').all();
  return (rows as (Omit<MasterView, 'record'> & { record: string })[]).map((r) => {
    try {
      return { ...r, record: JSON.parse(r.record) as MasterRecord };
    } catch (err) {
      throw new CredkitError('E_MASTER_RECORD', `master ${r.id} has an unreadable record`, {
        cause: err,
        suggestion: 'Run `credkit dedupe` to rebuild master records.',
      });
    }
  });
}

const CHECKS_SQL = `
SELECT mm.master_id AS masterId, c.row_id AS rowId, c.source, c.outcome, c.reason,
  c.snapshot_id AS snapshotId, json_extract(c.evidence, '$.published') AS published,
  c.checked_at AS checkedAt, b.loaded_at AS attestedAt
FROM checks c
JOIN master_members mm ON mm.row_id = c.row_id
JOIN roster_rows r ON r.id = c.row_id
JOIN roster_batches b ON b.id = r.batch_id
ORDER BY mm.master_id, c.row_id, c.source`;

/** Every check of a master's member rows, with the snapshot date and the roster load time. */
export function readChecks(db: Db): CheckView[] {
  return (db.prepare(CHECKS_SQL).all() as (CheckView & { published: unknown })[]).map((c) => ({
    ...c,
    published: typeof c.published === 'string' ? c.published : null,
  }));
}

const ROWS_SQL = `
SELECT r.id AS rowId, b.file_name AS file, b.file_sha256 AS fileSha256, r.line,
  r.address1, r.address2, r.city, r.state, r.zip, r.phone
FROM roster_rows r JOIN roster_batches b ON b.id = r.batch_id`;

/** Where each roster row came from and its practice site (no personal fields are read). */
export function readRows(db: Db): Map<number, RowView> {
  const out = new Map<number, RowView>();
  for (const r of db.prepare(ROWS_SQL).all() as RowView[]) out.set(r.rowId, r);
  return out;
}

let cachedVersion: string | null = null;

/** credkit's version from package.json (same relative path from `src/` and `dist/src/`). */
export function credkitVersion(): string {
  if (cachedVersion) return cachedVersion;
  try {
    const path = fileURLToPath(new URL('../../package.json', import.meta.url));
    cachedVersion = (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
  } catch {
    cachedVersion = '0.0.0';
  }
  return cachedVersion;
}
