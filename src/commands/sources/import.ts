import { Args, Flags } from '@oclif/core';
import { CredkitCommand } from '../../cli/base.js';
import { SOURCES, type SourceName } from '../../model.js';
import { openContext } from '../../pipeline/context.js';
import { importSource, type ImportResult } from '../../pipeline/import-source.js';
import { Progress } from '../../progress.js';

/** Rejected records listed in the human summary; `--json` carries up to 100. */
const WARNINGS_SHOWN = 10;

export default class SourcesImport extends CredkitCommand {
  static override summary = 'Import an NPPES, LEIE or SAM file as a new reference snapshot.';
  static override description = `Streams FILE into reference.duckdb in one transaction, mapping \
columns by header name: NPPES npidata_pfile (329 or 330 columns), OIG LEIE UPDATED.csv, or the \
SAM.gov exclusions public extract (V2, 31 columns). A file identical to the source's latest \
snapshot is not imported again. Only the newest snapshot's rows are kept; checks use it.

Publication date: --published, else the file name (npidata_pfile_20050523-YYYYMMDD.csv, \
SAM ..._YYDDD.csv), else the file's modification date (LEIE names carry none).

Records with a wrong field count (the SAM extract has broken quoting) are counted as rejected \
(W_FIELD_COUNT, with their line) and the import goes on.

Exit codes:
  0  imported, or unchanged
  2  unreadable file, missing required columns (E_MISSING_COLUMN), bad --published date
  4  another run holds the workspace lock`;

  static override examples = [
    '<%= config.bin %> sources import nppes fixtures/demo/npidata_pfile_20050523-20261109.csv',
    '<%= config.bin %> sources import leie fixtures/demo/UPDATED.csv --published 2026-11-10',
    '<%= config.bin %> sources import sam ' +
      'fixtures/demo/SAM_Exclusions_Public_Extract_V2_26306.csv --json',
  ];

  static override args = {
    source: Args.string({
      description: 'Source of the file.',
      required: true,
      options: [...SOURCES],
    }),
    file: Args.string({ description: 'File to import.', required: true }),
  };

  static override flags = {
    published: Flags.string({ summary: 'Publication date of the file, YYYY-MM-DD.' }),
  };

  async run(): Promise<ImportResult> {
    const { args, flags } = await this.parse(SourcesImport);
    const source = args.source as SourceName;
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
}

function summary(r: ImportResult): string {
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
