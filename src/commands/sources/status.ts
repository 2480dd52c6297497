import { Flags } from '@oclif/core';
import { CredkitCommand } from '../../cli/base.js';
import { snapshotStatus, type SnapshotStatus } from '../../pipeline/source-status.js';

export default class SourcesStatus extends CredkitCommand {
  static override summary = 'List reference snapshots: published, loaded, rows, age, staleness.';
  static override description = `Shows every snapshot in reference.duckdb, the current one of \
each source first (checks use it), and a line for a source that has none (its checks would be \
source-unavailable). A LEIE or SAM snapshot published more than --max-age-days ago is stale. \
Reads without taking the workspace lock.

Exit codes:
  0  listed
  4  an import or verify run has reference.duckdb open`;

  static override examples = [
    '<%= config.bin %> sources status',
    '<%= config.bin %> sources status --max-age-days 30 --json',
  ];

  static override flags = {
    'max-age-days': Flags.integer({
      summary: 'Age in days past which LEIE/SAM are stale.',
      default: 35,
      min: 0,
    }),
  };

  async run(): Promise<SnapshotStatus[]> {
    const { flags } = await this.parse(SourcesStatus);
    const ws = this.workspace(flags.workspace);
    const rows = await snapshotStatus(ws, { maxAgeDays: flags['max-age-days'] });
    this.info(table(rows));
    return rows;
  }
}

function table(rows: SnapshotStatus[]): string {
  const head = ['source', 'snapshot', 'published', 'loaded', 'rows', 'rejected', 'age', 'state'];
  const body = rows.map((r) => [
    r.source,
    r.snapshotId ?? '-',
    r.published ?? '-',
    r.loadedAt?.replace('T', ' ').replace('Z', '') ?? '-',
    String(r.rows),
    String(r.rejected),
    r.ageDays === null ? '-' : `${r.ageDays}d`,
    state(r),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  return [head, ...body]
    .map((cells) =>
      cells
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function state(r: SnapshotStatus): string {
  if (!r.snapshotId) return 'missing';
  if (!r.current) return 'replaced';
  return r.stale ? 'STALE' : 'current';
}
