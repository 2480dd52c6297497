import type { DuckDBConnection } from '@duckdb/node-api';
import type { Db } from '../store/sqlite.js';
import {
  BLOCK_KEYS_SQL,
  oversizedSql,
  pairsSql,
  RULE_COUNTS_SQL,
} from '../transform/link/block.js';
import {
  COMPARISONS,
  comparisonsFor,
  levelColumn,
  levelSql,
  type Kind,
} from '../transform/link/compare.js';
import { estimateM, estimateU, type Pattern } from '../transform/link/em.js';
import {
  FEATURE_COLUMNS,
  FEATURE_SOURCE_SQL,
  toFeatures,
  type FeatureSource,
} from '../transform/link/features.js';
import {
  bandSql,
  identityAgreesSql,
  npiConflictSql,
  weightSql,
  type KindModel,
} from '../transform/link/score.js';
import type { DedupeSettings } from '../transform/link/settings.js';
import { TF_AVERAGE_SQL, TF_SQL } from '../transform/link/tf.js';

export interface BlockingReport {
  /** Distinct pairs compared. */
  compared: number;
  /** Pairs each rule produced (a pair found by two rules counts for both). */
  byRule: Record<string, number>;
  /** Blocks skipped for exceeding maxBlockSize, per rule. */
  oversizedBlocks: Record<string, number>;
}

export interface EmReport {
  kind: Kind;
  pairs: number;
  lambda: number;
  iterations: number;
  converged: boolean;
}

export interface Scoring {
  blocking: BlockingReport;
  models: KindModel[];
  tfAverage: number;
  em: EmReport[];
  bands: { link: number; review: number; 'non-match': number };
}

/** Streams `FEATURE_SOURCE_SQL` rows from SQLite into DuckDB `feat`, one row at a time. */
export async function loadFeatures(db: Db, conn: DuckDBConnection): Promise<number> {
  const cols = FEATURE_COLUMNS.slice(1).map((c) => `${c} VARCHAR`);
  await conn.run(`CREATE OR REPLACE TABLE feat (id BIGINT, ${cols.join(', ')})`);
  const appender = await conn.createAppender('feat');
  let n = 0;
  try {
    for (const src of db.prepare(FEATURE_SOURCE_SQL).iterate() as Iterable<FeatureSource>) {
      const f = toFeatures(src);
      appender.appendBigInt(BigInt(f.id));
      for (const c of FEATURE_COLUMNS.slice(1)) {
        const v = f[c];
        if (v === null) appender.appendNull();
        else appender.appendVarchar(String(v));
      }
      appender.endRow();
      n += 1;
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  // A type-2 NPI carried by an organisation row never pulls individuals together.
  await conn.run(`UPDATE feat SET npi = NULL WHERE kind = 'individual' AND npi IN
    (SELECT npi FROM feat WHERE kind = 'organization' AND npi IS NOT NULL)`);
  return n;
}

/** Blocking, comparison vectors, u from random pairs, EM for m, TF, weights and bands. */
export async function scorePairs(
  conn: DuckDBConnection,
  settings: DedupeSettings,
): Promise<Scoring> {
  const blocking = await block(conn, settings.maxBlockSize);
  const levels = COMPARISONS.map(levelSql).join(',\n');
  await conn.run(`CREATE OR REPLACE TABLE vec AS
    SELECT p.lid, p.rid, array_to_string(p.rules, ',') AS rules, l.kind, l.last AS tf_value,
      ${levels}
    FROM pairs p JOIN feat l ON l.id = p.lid JOIN feat r ON r.id = p.rid`);
  const models: KindModel[] = [];
  const em: EmReport[] = [];
  for (const kind of ['individual', 'organization'] as const) {
    const fitted = await fitKind(conn, kind, settings);
    models.push(fitted.model);
    em.push(fitted.report);
  }
  for (const sql of TF_SQL) await conn.run(sql);
  const tfAverage = Number((await rows(conn, TF_AVERAGE_SQL))[0]?.[0] ?? 0);
  await conn.run(`CREATE OR REPLACE TABLE scored AS
    SELECT *, ${bandSql(settings.thresholds)} AS band FROM (
      SELECT *, 1 / (1 + pow(2, -weight)) AS probability FROM (
        SELECT v.*, t.tf, ${weightSql(models, tfAverage, settings.tfWeight)} AS weight,
          ${npiConflictSql()} AS npi_conflict, ${identityAgreesSql()} AS identity_agrees
        FROM vec v LEFT JOIN tf_last t ON t.last = v.tf_value))`);
  const bands = { link: 0, review: 0, 'non-match': 0 };
  for (const [band, n] of await rows(
    conn,
    'SELECT band, count(*)::INTEGER FROM scored GROUP BY band',
  )) {
    bands[band as keyof typeof bands] = Number(n);
  }
  return { blocking, models, tfAverage, em, bands };
}

async function block(conn: DuckDBConnection, maxBlockSize: number): Promise<BlockingReport> {
  await conn.run(BLOCK_KEYS_SQL);
  for (const sql of pairsSql(maxBlockSize)) await conn.run(sql);
  const byRule = Object.fromEntries(await rows(conn, RULE_COUNTS_SQL)) as Record<string, number>;
  const oversized = await rows(conn, oversizedSql(maxBlockSize));
  const compared = Number((await rows(conn, 'SELECT count(*)::INTEGER FROM pairs'))[0][0]);
  return { compared, byRule, oversizedBlocks: Object.fromEntries(oversized) };
}

async function fitKind(conn: DuckDBConnection, kind: Kind, settings: DedupeSettings) {
  const comps = comparisonsFor(kind);
  const cols = comps.map(levelColumn);
  const fixedM = fixedLevels(settings.m[kind], comps, 'm');
  const fixedU = fixedLevels(settings.u[kind], comps, 'u');
  const randomCounts = await randomLevelCounts(conn, kind, settings.uSampleRows);
  const u = estimateU(randomCounts, comps, settings.em.priorWeight, fixedU);
  const patterns: Pattern[] = (
    await rows(
      conn,
      `SELECT ${cols.join(', ')}, count(*)::INTEGER AS n FROM vec
      WHERE kind = '${kind}' GROUP BY ALL`,
    )
  ).map((r) => ({ levels: r.slice(0, -1).map(Number), n: Number(r.at(-1)) }));
  const pairs = patterns.reduce((a, p) => a + p.n, 0);
  const opts = { ...settings.em, fixed: fixedM };
  const fit = settings.em.enabled
    ? estimateM(patterns, comps, u, opts)
    : { ...estimateM(patterns, comps, u, { ...opts, maxIterations: 1, priorWeight: 1e12 }) };
  const model: KindModel = { kind, comparisons: comps, m: fit.m, u, lambda: fit.lambda };
  const report: EmReport = {
    kind,
    pairs,
    lambda: fit.lambda,
    iterations: settings.em.enabled ? fit.iterations : 0,
    converged: settings.em.enabled ? fit.converged : true,
  };
  return { model, report };
}

/**
 * Level counts over pairs of a deterministic sample of rows: nearly all random pairs are
 * different providers, so these counts estimate u.
 */
async function randomLevelCounts(
  conn: DuckDBConnection,
  kind: Kind,
  sampleRows: number,
): Promise<number[][]> {
  const comps = comparisonsFor(kind);
  await conn.run(`CREATE OR REPLACE TABLE samp AS SELECT * FROM feat WHERE kind = '${kind}'
    ORDER BY hash(id), id LIMIT ${Math.floor(sampleRows)}`);
  await conn.run(`CREATE OR REPLACE TABLE rvec AS SELECT ${comps.map(levelSql).join(',\n')}
    FROM samp l JOIN samp r ON l.id < r.id`);
  const out: number[][] = [];
  for (const c of comps) {
    const counts = c.levels.map(() => 0);
    const col = levelColumn(c);
    for (const [level, n] of await rows(
      conn,
      `SELECT ${col}, count(*)::INTEGER FROM rvec
      WHERE ${col} >= 0 GROUP BY ${col}`,
    )) {
      counts[Number(level)] = Number(n);
    }
    out.push(counts);
  }
  return out;
}

function fixedLevels(
  given: Record<string, Record<string, number>> | undefined,
  comps: ReturnType<typeof comparisonsFor>,
  which: 'm' | 'u',
): Map<number, number[]> {
  const out = new Map<number, number[]>();
  comps.forEach((c, i) => {
    const levels = given?.[c.field];
    if (!levels) return;
    const probs = c.levels.map((l) => levels[l.name] ?? l[which]);
    const sum = probs.reduce((a, b) => a + b, 0);
    out.set(
      i,
      probs.map((p) => p / sum),
    );
  });
  return out;
}

/** All rows of a query as arrays (small results only). */
export async function rows(conn: DuckDBConnection, sql: string): Promise<unknown[][]> {
  const reader = await conn.runAndReadAll(sql);
  return reader.getRowsJson() as unknown[][];
}

/** Streams a query's rows chunk by chunk, so large results never sit in memory at once. */
export async function* streamRows(conn: DuckDBConnection, sql: string): AsyncGenerator<unknown[]> {
  const result = await conn.stream(sql);
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) return;
    for (const row of chunk.getRows()) yield row as unknown[];
  }
}
