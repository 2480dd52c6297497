/**
 * SQLite schema of the workspace, as ordered migrations. A migration is never edited once
 * released: add a new one. `PRAGMA user_version` records how many have run.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    command TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL DEFAULT 'running',
    summary TEXT
  );

  CREATE TABLE roster_batches (
    id TEXT PRIMARY KEY,
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    profile TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    rows_read INTEGER NOT NULL,
    rows_loaded INTEGER NOT NULL,
    rows_rejected INTEGER NOT NULL,
    rows_skipped INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX roster_batches_sha ON roster_batches(file_sha256);

  CREATE TABLE roster_rows (
    id INTEGER PRIMARY KEY,
    batch_id TEXT NOT NULL REFERENCES roster_batches(id),
    record INTEGER NOT NULL,
    line INTEGER NOT NULL,
    entity_type TEXT NOT NULL,
    npi TEXT, last_name TEXT, first_name TEXT, middle_name TEXT, org_name TEXT,
    credential TEXT, dob TEXT, sex TEXT, taxonomy TEXT,
    license_number TEXT, license_state TEXT, group_npi TEXT, group_name TEXT,
    address1 TEXT, address2 TEXT, city TEXT, state TEXT, zip TEXT, phone TEXT,
    effective_date TEXT,
    UNIQUE (batch_id, record)
  );
  CREATE INDEX roster_rows_npi ON roster_rows(npi);

  CREATE TABLE rejected_rows (
    batch_id TEXT NOT NULL REFERENCES roster_batches(id),
    record INTEGER NOT NULL,
    line INTEGER NOT NULL,
    raw TEXT NOT NULL,
    PRIMARY KEY (batch_id, record)
  );

  CREATE TABLE findings (
    id INTEGER PRIMARY KEY,
    batch_id TEXT NOT NULL REFERENCES roster_batches(id),
    record INTEGER,
    line INTEGER,
    code TEXT NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN ('error', 'warning')),
    field TEXT,
    message TEXT NOT NULL
  );
  CREATE INDEX findings_batch ON findings(batch_id, record);

  CREATE TABLE checks (
    id INTEGER PRIMARY KEY,
    row_id INTEGER NOT NULL REFERENCES roster_rows(id),
    source TEXT NOT NULL,
    outcome TEXT NOT NULL,
    reason TEXT NOT NULL,
    snapshot_id TEXT,
    evidence TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    UNIQUE (row_id, source)
  );

  CREATE TABLE masters (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('practitioner', 'organization')),
    match_key TEXT NOT NULL UNIQUE,
    npi TEXT,
    record TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );

  CREATE TABLE master_members (
    master_id TEXT NOT NULL REFERENCES masters(id),
    row_id INTEGER NOT NULL UNIQUE REFERENCES roster_rows(id),
    PRIMARY KEY (master_id, row_id)
  );

  CREATE TABLE exports (
    id TEXT PRIMARY KEY,
    transaction_time TEXT NOT NULL,
    since TEXT,
    dir TEXT NOT NULL,
    status TEXT NOT NULL,
    counts TEXT NOT NULL
  );

  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  );
  `,
  // roster load --force reloads a file already loaded as a new batch: one hash, several batches.
  `
  DROP INDEX roster_batches_sha;
  CREATE INDEX roster_batches_sha ON roster_batches(file_sha256);
  `,
  // Provider type (atypical providers), TIN and name suffix columns of a roster row.
  `
  ALTER TABLE roster_rows ADD COLUMN provider_type TEXT;
  ALTER TABLE roster_rows ADD COLUMN tin TEXT;
  ALTER TABLE roster_rows ADD COLUMN name_suffix TEXT;
  `,
  // Incremental export (`export --since`): each complete export's resources with a content
  // hash, and the watermark (transactionTime of the last complete export).
  `
  CREATE TABLE export_items (
    export_id TEXT NOT NULL REFERENCES exports(id),
    type TEXT NOT NULL,
    id TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (export_id, type, id)
  );
  CREATE TABLE watermarks (
    name TEXT PRIMARY KEY,
    export_id TEXT NOT NULL REFERENCES exports(id),
    transaction_time TEXT NOT NULL
  );
  `,
  // Live source calls (`verify --mode live`): cached API responses with an expiry, so a rerun
  // or a resumed run repeats no call, and calls made per source per minute for daily quotas.
  `
  CREATE TABLE http_cache (
    source TEXT NOT NULL,
    key TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    PRIMARY KEY (source, key)
  );
  CREATE TABLE source_quota (
    source TEXT NOT NULL,
    window_start TEXT NOT NULL,
    used INTEGER NOT NULL,
    PRIMARY KEY (source, window_start)
  );
  `,
  // Probabilistic dedupe (issue 5): scored candidate pairs with per-field weights, steward
  // decisions that win over automation on every later run, and master id lineage.
  `
  CREATE TABLE match_pairs (
    id TEXT PRIMARY KEY,
    left_row INTEGER NOT NULL,
    right_row INTEGER NOT NULL,
    rules TEXT NOT NULL,
    weight REAL NOT NULL,
    probability REAL NOT NULL,
    band TEXT NOT NULL CHECK (band IN ('link', 'review', 'non-match')),
    comparisons TEXT NOT NULL,
    scored_at TEXT NOT NULL
  );
  CREATE INDEX match_pairs_rows ON match_pairs(left_row, right_row);
  CREATE INDEX match_pairs_band ON match_pairs(band);
  CREATE TABLE steward_decisions (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('match', 'no-match', 'merge', 'split')),
    pair_id TEXT,
    left_row INTEGER,
    right_row INTEGER,
    master_id TEXT,
    other_master_id TEXT,
    row_id INTEGER,
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    note TEXT
  );
  CREATE TABLE master_lineage (
    id INTEGER PRIMARY KEY,
    master_id TEXT NOT NULL,
    event TEXT NOT NULL CHECK (event IN ('created', 'merged-into', 'split-from', 'retired')),
    other_master_id TEXT,
    at TEXT NOT NULL,
    detail TEXT
  );
  CREATE INDEX master_lineage_master ON master_lineage(master_id);
  `,
];

/** SQLite column for each ProviderRow field, in PROVIDER_FIELDS order. */
export function providerColumn(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
