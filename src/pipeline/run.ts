import type { StageContext } from './context.js';
import type { RunConfig } from '../config.js';
import { SOURCES, type Outcome, type SnapshotSource } from '../model.js';
import { loadRoster } from './load-roster.js';
import { importSource } from './import-source.js';
import { importLayoutFile } from './import-layout.js';
import { resolveLayout } from '../sources/boards/layout-file.js';
import { verify } from './verify.js';
import { dedupe } from './dedupe.js';
import { exportBulk } from './export.js';
import { reportQuality } from './report-quality.js';

export interface RunResult {
  runId: string;
  workspace: string;
  exportDir: string;
  manifest: string;
  reportPath: string;
  rows: { read: number; loaded: number; rejected: number; skipped: number };
  batches: string[];
  /** Roster files whose exact content was loaded by an earlier run (not loaded again). */
  rostersUnchanged: number;
  snapshots: Record<string, { snapshotId: string; rows: number; unchanged: boolean }>;
  checks: Record<Outcome, number>;
  bySource: Record<string, Record<Outcome, number>>;
  masters: number;
  resources: Record<string, number>;
  notExported: number;
  /** Why the result is incomplete (exit 3); empty when complete. */
  incomplete: string[];
}

type Progress = (stage: string) => void;

/**
 * The nightly job: load rosters, import source snapshots, verify, dedupe, export, report.
 * Every stage is idempotent on the workspace (content hashes, upserts, stable ids), so a run
 * that crashed is simply run again and picks up where the data says it stopped.
 */
export async function runPipeline(
  ctx: StageContext,
  config: RunConfig,
  progress: Progress = () => {},
): Promise<RunResult> {
  progress('roster load');
  const load = await loadRosters(ctx, config);
  progress('sources import');
  const snapshots = await importSnapshots(ctx, config);
  const layouts = await importLayouts(ctx, config, snapshots);
  progress('verify');
  const checked = await verify(ctx, {
    sources: [...SOURCES],
    layouts,
    maxAgeDays: config.maxSnapshotAgeDays,
  });
  progress('dedupe');
  const deduped = await dedupe(ctx, { settings: config.dedupe });
  progress('export');
  const exported = await exportBulk(ctx, { baseUrl: config.exportBaseUrl });
  progress('report quality');
  const quality = await reportQuality(ctx);

  const incomplete = [...load.incomplete, ...staleNotes(checked.stale)];
  const unavailable = checked.checks['source-unavailable'] ?? 0;
  if (unavailable > 0) incomplete.push(`${unavailable} checks could not reach their source`);
  if (exported.unscreened > 0) {
    incomplete.push(`${exported.unscreened} masters not exported: not screened by every source`);
  }
  ctx.log.event('info', 'run.done', { incomplete: incomplete.length });
  return {
    runId: ctx.log.runId,
    workspace: ctx.ws.root,
    exportDir: exported.exportDir,
    manifest: exported.manifest,
    reportPath: quality.reportPath,
    rows: load.rows,
    batches: load.batches,
    rostersUnchanged: load.unchanged,
    snapshots,
    checks: checked.checks,
    bySource: checked.bySource,
    masters: deduped.masters,
    resources: exported.resources,
    notExported: exported.excluded,
    incomplete,
  };
}

async function loadRosters(ctx: StageContext, config: RunConfig) {
  const rows = { read: 0, loaded: 0, rejected: 0, skipped: 0 };
  const batches: string[] = [];
  const incomplete: string[] = [];
  let unchanged = 0;
  for (const file of config.rosters) {
    const r = await loadRoster(ctx, file, { maxRejectRate: config.maxRejectRate });
    batches.push(r.batchId);
    // A file loaded before is not loaded again; its counts are those of the earlier load.
    if (r.duplicateOf) unchanged++;
    for (const k of Object.keys(rows) as (keyof typeof rows)[]) rows[k] += r.rows[k];
    if (r.rejectRateExceeded) incomplete.push(rejectNote(r.file, r.rows, config.maxRejectRate));
  }
  return { rows, batches, unchanged, incomplete };
}

async function importSnapshots(ctx: StageContext, config: RunConfig) {
  const out: RunResult['snapshots'] = {};
  for (const source of Object.keys(config.sources) as SnapshotSource[]) {
    const published = config.published?.[source];
    const r = await importSource(ctx, source, config.sources[source]!, { published });
    out[source] = { snapshotId: r.snapshotId, rows: r.rows, unchanged: r.unchanged };
  }
  return out;
}

/**
 * Imports the configured boards and state lists; returns their source names, so verify checks
 * exactly these (and an import failure stops the run rather than leaving a board unchecked).
 */
async function importLayouts(
  ctx: StageContext,
  config: RunConfig,
  out: RunResult['snapshots'],
): Promise<string[]> {
  const files = [
    ...(config.boards ?? []).map((f) => ({ ...f, kind: 'board' as const })),
    ...(config.stateLists ?? []).map((f) => ({ ...f, kind: 'state-list' as const })),
  ];
  for (const f of files) {
    const r = await importLayoutFile(ctx, resolveLayout(f.layout, f.kind), f.file);
    out[r.source] = { snapshotId: r.snapshotId, rows: r.rows, unchanged: r.unchanged };
  }
  return Object.keys(out).filter((s) => s.startsWith('board:') || s.startsWith('state-list:'));
}

function staleNotes(stale: string[]): string[] {
  return stale.map((s) => `${s} snapshot is older than the allowed age`);
}

function rejectNote(file: string, rows: RunResult['rows'], max: number): string {
  const considered = rows.read - rows.skipped;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const rate = considered ? rows.rejected / considered : 0;
  const share = `${rows.rejected} of ${considered} rows rejected (${pct(rate)})`;
  return `${file}: ${share}, over the allowed ${pct(max)}`;
}
