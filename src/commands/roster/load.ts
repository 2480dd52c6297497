import { Args, Flags } from '@oclif/core';
import { CredkitCommand } from '../../cli/base.js';
import { ExitCode, formatLocation, usageError } from '../../errors.js';
import type { Finding } from '../../model.js';
import { openContext } from '../../pipeline/context.js';
import { loadRoster, type LoadResult } from '../../pipeline/load-roster.js';
import { Progress } from '../../progress.js';
import { ROSTER_ENCODINGS } from '../../sources/roster/options.js';

/** Findings printed in the human summary; `--json` carries up to 200. */
const FINDINGS_SHOWN = 20;

export default class RosterLoad extends CredkitCommand {
  static override summary =
    'Load a provider roster (CSV/TSV, xlsx, XML, FHIR NDJSON or Bundle) into a new batch.';
  static override description = `Reads FILE (CSV, or tab, pipe or semicolon delimited), \
maps its columns by name, normalises and validates every row, and stores loaded rows, \
rejected rows and findings in the workspace. A file whose exact bytes were loaded before is \
not loaded again (use --force).

Exit codes:
  0  loaded; rejected rows are findings, not failures
  2  unreadable as a whole: missing, empty, binary, encoding, columns, quotes
  3  loaded, but the share of rejected rows is above --max-reject-rate
  4  another run holds the workspace lock`;

  static override examples = [
    '<%= config.bin %> roster load fixtures/demo/roster.csv',
    '<%= config.bin %> roster load fixtures/demo/roster.csv --max-reject-rate 0.05 --json',
    '<%= config.bin %> roster load fixtures/demo/roster.csv --force --delimiter ,',
    '<%= config.bin %> roster load fixtures/demo/roster.csv --force --profile generic',
  ];

  static override args = {
    file: Args.string({ description: 'Roster file to load.', required: true }),
  };

  static override flags = {
    delimiter: Flags.string({
      summary: 'Field delimiter: one character, or "tab". Default: detected from the header.',
    }),
    encoding: Flags.string({
      summary: 'Text encoding of the file.',
      options: [...ROSTER_ENCODINGS],
      description: "Default: the profile's encoding, else utf-8.",
    }),
    profile: Flags.string({
      summary: 'Mapping profile: a built-in name (generic) or a JSON profile file.',
    }),
    sheet: Flags.string({ summary: 'Worksheet of an .xlsx roster, by name or 1-based position.' }),
    force: Flags.boolean({ summary: 'Load again a file that was loaded before, as a new batch.' }),
    'max-reject-rate': Flags.string({
      summary: 'Largest share of rejected rows (0..1) before exit 3. Default 1 (no limit).',
    }),
  };

  async run(): Promise<LoadResult> {
    const { args, flags } = await this.parse(RosterLoad);
    const ws = this.workspace(flags.workspace);
    const ctx = openContext(ws, 'roster load');
    const progress = new Progress('roster load', !this.jsonEnabled() && process.stderr.isTTY);
    let result: LoadResult;
    try {
      result = await loadRoster(ctx, args.file, {
        delimiter: flags.delimiter,
        encoding: flags.encoding,
        profile: flags.profile,
        sheet: flags.sheet,
        force: flags.force,
        maxRejectRate: rate(flags['max-reject-rate']),
        onProgress: (n) => progress.tick(n),
      });
    } finally {
      ctx.close();
    }
    progress.done(`${result.rows.read} rows`);
    this.summarise(result);
    if (result.rejectRateExceeded) this.setExit(ExitCode.incomplete);
    return result;
  }

  private summarise(r: LoadResult): void {
    if (r.duplicateOf) {
      this.info(`Already loaded as batch ${r.duplicateOf}; nothing written (use --force).`);
    }
    const { read, loaded, rejected, skipped } = r.rows;
    this.info(`Batch     ${r.batchId}`);
    this.info(`Read      ${read}`);
    this.info(`Loaded    ${loaded}`);
    this.info(`Rejected  ${rejected}`);
    this.info(`Skipped   ${skipped} (blank lines)`);
    this.info(`Findings  ${r.findingsTotal}`);
    for (const f of r.findings.slice(0, FINDINGS_SHOWN)) this.info(`  ${findingLine(f)}`);
    if (r.findingsTotal > FINDINGS_SHOWN) {
      this.info(`  ... ${r.findingsTotal - FINDINGS_SHOWN} more (--json shows up to 200)`);
    }
    if (r.rejectRateExceeded) this.info('Reject rate above --max-reject-rate: exit 3.');
  }
}

function findingLine(f: Finding): string {
  const field = f.field ? ` [${f.field}]` : '';
  return `${f.code} ${formatLocation(f)}${f.message}${field}`;
}

/** The flag is a string so that "0.05" and "5e-2" both parse; the stage checks the range. */
function rate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (Number.isNaN(n)) {
    throw usageError(
      'E_OPTION',
      `--max-reject-rate expected a fraction from 0 to 1, got "${value}"`,
    );
  }
  return n;
}
