import { Args, Flags } from '@oclif/core';
import { CredkitCommand } from '../../cli/base.js';
import { LAYOUT_KINDS, REFERENCE_FILES, SOURCES, type SnapshotSource } from '../../model.js';
import type { LayoutKind } from '../../model.js';
import { usageError } from '../../errors.js';
import { openContext } from '../../pipeline/context.js';
import { importSource, type ImportResult } from '../../pipeline/import-source.js';
import { UPDATE_KINDS, importKind, isUpdateKind } from '../../pipeline/import-kind.js';
import type { UpdateKind, UpdateResult } from '../../pipeline/import-updates.js';
import { importLayoutFile, type LayoutImportResult } from '../../pipeline/import-layout.js';
import { resolveLayout } from '../../sources/boards/layout-file.js';
import { Progress } from '../../progress.js';

/** Rejected records listed in the human summary; `--json` carries up to 100. */
const WARNINGS_SHOWN = 10;

export default class SourcesImport extends CredkitCommand {
  static override summary =
    'Import an NPPES, NPPES endpoint, LEIE or SAM file as a new reference snapshot.';
  static override description = `Streams FILE into reference.duckdb in one transaction, mapping \
columns by header name: NPPES npidata_pfile (329 or 330 columns), OIG LEIE UPDATED.csv, or the \
SAM.gov exclusions public extract (V2, 31 columns). nppes-endpoints takes the NPPES \
endpoint_pfile (19 columns; the postal-code column under either the shipped name or the \
readme's "Affiliation Address Line Postal Code"); its rows feed the export's Endpoint \
resources and are never checked against. A file identical to the source's latest \
snapshot is not imported again. Only the newest snapshot's rows are kept; checks use it.

board and state-list take a state licence board file or a state Medicaid exclusion list read \
through a layout (--layout): a bundled layout id (boards: oh-med, oh-nursing; state lists: \
oh-medicaid) or the path of a layout JSON file. Each layout is its own source \
(board:oh-med); its publication date comes from the title row or file name when the layout \
says so. Records with an unreadable date are not imported (W_DATE); unmapped statuses \
(W_STATUS) and invalid NPIs in a multi-NPI cell (W_NPI) are reported with their line.

Publication date: --published, else the file name (npidata_pfile_20050523-YYYYMMDD.csv, \
endpoint_pfile_20050523-YYYYMMDD.csv, SAM ..._YYDDD.csv), else the file's modification date \
(LEIE names carry none).

Records with a wrong field count (the SAM extract has broken quoting) are counted as rejected \
(W_FIELD_COUNT, with their line) and the import goes on.

nppes and sam also take the official .zip (the npidata_pfile or SAM extract member is unpacked \
under the workspace tmp/). Update files make a new snapshot from the source's latest one: \
nppes-weekly (NPPES_Data_Dissemination_MMDDYY_MMDDYY_Weekly_V2.zip or its npidata_pfile CSV; \
a row replaces the stored one only when its Last Update Date is as new), nppes-deactivations \
(NPPES_Deactivated_NPI_Report_MMDDYY_V2.zip or its .xlsx), leie-supplement (YYMMexcl.csv adds, \
YYMMrein.csv removes). An update older than what is applied already is skipped with \
W_UPDATE_SKIPPED and exit 3.

Exit codes:
  0  imported, or unchanged
  3  update file skipped: its period ends before the last applied one (nothing written)
  2  unreadable file, missing required columns (E_MISSING_COLUMN), bad --published date;
     board/state-list: bad or unknown layout (E_LAYOUT), no --layout (E_USAGE), no date in
     the title rows or file name when the layout reads it there (E_TITLE_DATE,
     E_FILENAME_DATE)
  4  another run holds the workspace lock`;

  static override examples = [
    '<%= config.bin %> sources import nppes fixtures/demo/npidata_pfile_20050523-20261109.csv',
    '<%= config.bin %> sources import leie fixtures/demo/UPDATED.csv --published 2026-11-10',
    '<%= config.bin %> sources import sam ' +
      'fixtures/demo/SAM_Exclusions_Public_Extract_V2_26306.csv --json',
    '<%= config.bin %> sources import nppes-endpoints ' +
      'fixtures/demo/endpoint_pfile_20050523-20261109.csv',
    '<%= config.bin %> sources import board fixtures/boards/oh-med-licenses-2026-11-15.csv ' +
      '--layout oh-med',
    '<%= config.bin %> sources import state-list fixtures/boards/oh-medicaid-exclusions.csv ' +
      '--layout oh-medicaid --json',
  ];

  static override args = {
    source: Args.string({
      description: 'Source of the file.',
      required: true,
      options: [...SOURCES, ...REFERENCE_FILES, ...LAYOUT_KINDS, ...UPDATE_KINDS],
    }),
    file: Args.string({ description: 'File to import.', required: true }),
  };

  static override flags = {
    published: Flags.string({ summary: 'Publication date of the file, YYYY-MM-DD.' }),
    layout: Flags.string({
      summary: 'board/state-list: bundled layout id or layout JSON file.',
    }),
  };

  async run(): Promise<ImportResult | LayoutImportResult | UpdateResult> {
    const { args, flags } = await this.parse(SourcesImport);
    if ((LAYOUT_KINDS as readonly string[]).includes(args.source)) {
      return this.runLayout(args.source as LayoutKind, args.file, flags);
    }
    if (flags.layout) {
      throw usageError('E_USAGE', '--layout applies to board and state-list files only');
    }
    if (isUpdateKind(args.source)) return this.runUpdate(args.source, args.file, flags.workspace);
    const source = args.source as SnapshotSource;
    const ctx = openContext(this.workspace(flags.workspace), 'sources import');
    const progress = new Progress(`${source} import`, !this.jsonEnabled() && process.stderr.isTTY);
    let result: ImportResult;
    try {
      result = await importSource(ctx, source, args.file, {
        published: flags.published,
        onProgress: (n) => progress.tick(n),
      });
    } finally {
      ctx.close();
    }
    progress.done(`${result.rows} rows`);
    this.info(summary(result));
    return result;
  }

  /** nppes-weekly, nppes-deactivations, leie-supplement: exit 3 when skipped as too old. */
  private async runUpdate(kind: UpdateKind, file: string, workspace?: string) {
    const ctx = openContext(this.workspace(workspace), 'sources import');
    let result: UpdateResult;
    try {
      result = (await importKind(ctx, kind, file)) as UpdateResult;
    } finally {
      ctx.close();
    }
    if (result.status === 'skipped') {
      process.stderr.write(`W_UPDATE_SKIPPED ${result.message}; nothing imported\n`);
      this.setExit(3);
    }
    this.info(updateSummary(result));
    return result;
  }

  private async runLayout(
    kind: LayoutKind,
    file: string,
    flags: { workspace?: string; published?: string; layout?: string },
  ): Promise<LayoutImportResult> {
    if (!flags.layout) throw usageError('E_USAGE', `--layout is required for ${kind} files`);
    const layout = resolveLayout(flags.layout, kind);
    const ctx = openContext(this.workspace(flags.workspace), 'sources import');
    const progress = new Progress(`${kind} import`, !this.jsonEnabled() && process.stderr.isTTY);
    let result: LayoutImportResult;
    try {
      result = await importLayoutFile(ctx, layout, file, {
        published: flags.published,
        onProgress: (n) => progress.tick(n),
      });
    } finally {
      ctx.close();
    }
    progress.done(`${result.rows} rows`);
    this.info(summary(result));
    return result;
  }
}

function summary(r: ImportResult | LayoutImportResult): string {
  if (r.unchanged) {
    return `${r.source}: unchanged, the file is snapshot ${r.snapshotId} (${r.rows} rows)`;
  }
  const lines = [
    `${r.source}: snapshot ${r.snapshotId}, published ${r.published}`,
    `  rows ${r.rows}, rejected ${r.rejected}, sha256 ${r.sha256}`,
  ];
  for (const w of r.warnings.slice(0, WARNINGS_SHOWN)) {
    lines.push(`  ${w.code} ${w.file} (line ${w.line}): ${w.message}`);
  }
  if (r.rejected > WARNINGS_SHOWN) lines.push(`  … ${r.rejected - WARNINGS_SHOWN} more rejected`);
  return lines.join('\n');
}

function updateSummary(r: UpdateResult): string {
  if (r.status === 'skipped') return `${r.kind}: skipped (watermark ${r.watermark})`;
  if (r.status === 'unchanged') return `${r.kind}: unchanged, applied as ${r.snapshotId}`;
  const changes = Object.entries(r.changes).map(([k, v]) => `${k} ${v}`);
  return [
    `${r.kind}: snapshot ${r.snapshotId} on ${r.baseSnapshotId}, period ending ${r.period.end}`,
    `  rows ${r.rows}, read ${r.read}, rejected ${r.rejected}; ${changes.join(', ')}`,
  ].join('\n');
}
