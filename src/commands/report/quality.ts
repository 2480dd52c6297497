import { Flags } from '@oclif/core';
import { CredkitCommand } from '../../cli/base.js';
import { openReader } from '../../pipeline/context.js';
import { reportQuality, type QualityResult } from '../../pipeline/report-quality.js';

export default class ReportQuality extends CredkitCommand {
  static override summary = 'Per-field completeness and validity of the loaded roster rows.';
  static override description = `Measures every roster field in DuckDB: completeness is the share of
rows (that the field applies to) with a value, validity the share of present values that pass
the field's rule (NPI check digit, NUCC taxonomy code, USPS state, ZIP, date ranges...).
Writes reports/quality.json and reports/quality.csv in the workspace.

Exit codes: 0 report written; 1 unexpected failure; 2 bad flags.`;

  static override examples = [
    '<%= config.bin %> report quality --workspace ./credkit-demo',
    '<%= config.bin %> report quality --batch b-3f2a9c1e0d4b --json',
  ];

  static override flags = {
    batch: Flags.string({ summary: 'Only the rows of this roster batch (default: all batches).' }),
  };

  async run(): Promise<QualityResult> {
    const { flags } = await this.parse(ReportQuality);
    const ctx = openReader(this.workspace(flags.workspace));
    try {
      const result = await reportQuality(ctx, { batchId: flags.batch });
      this.info(renderTable(result));
      return result;
    } finally {
      ctx.close();
    }
  }
}

function renderTable(r: QualityResult): string {
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  const head =
    'field'.padEnd(16) + 'applies'.padEnd(14) + 'complete'.padStart(9) + 'valid'.padStart(9);
  const body = r.fields.map(
    (f) =>
      `${f.field.padEnd(16)}${f.appliesTo.padEnd(14)}` +
      `${pct(f.completeness).padStart(9)}${pct(f.validity).padStart(9)}`,
  );
  return [`Roster quality, ${r.rows} rows`, head, ...body, `Report: ${r.reportPath}`].join('\n');
}
