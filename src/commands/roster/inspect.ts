import { Args, Flags } from '@oclif/core';
import { CredkitCommand } from '../../cli/base.js';
import { usageError } from '../../errors.js';
import { inspectRoster, type InspectResult } from '../../pipeline/inspect-roster.js';
import { ROSTER_ENCODINGS } from '../../sources/roster/options.js';

export default class RosterInspect extends CredkitCommand {
  static override summary = 'Show how a roster file would be read and mapped, without loading it.';
  static override description = `Opens FILE (CSV or other delimited text, .xlsx, XML, FHIR) \
with the mapping profile and shows the detected format, delimiter and encoding, the header, \
which column feeds which credkit field, unmapped columns, missing required fields, and the first \
values of each mapped field. Personal values are masked: names keep their first letter, dates \
of birth and SSN/TIN-like columns keep only their layout. Nothing is written.

Exit codes:
  0  the file was read (missing required fields are reported, not failures)
  2  the file or the profile cannot be read`;

  static override examples = [
    '<%= config.bin %> roster inspect fixtures/demo/roster.csv',
    '<%= config.bin %> roster inspect fixtures/demo/roster.csv --rows 3 --json',
    '<%= config.bin %> roster inspect fixtures/demo/roster.csv --profile generic',
  ];

  static override args = {
    file: Args.string({ description: 'Roster file to inspect.', required: true }),
  };

  static override flags = {
    profile: Flags.string({
      summary: 'Mapping profile: a built-in name (generic) or a JSON profile file.',
    }),
    sheet: Flags.string({ summary: 'Worksheet of an .xlsx roster, by name or 1-based position.' }),
    rows: Flags.string({ summary: 'Data records to sample (1..100).', default: '5' }),
    delimiter: Flags.string({
      summary: 'Field delimiter: one character, or "tab". Default: detected from the header.',
    }),
    encoding: Flags.string({
      summary: 'Text encoding of the file.',
      options: [...ROSTER_ENCODINGS],
    }),
  };

  async run(): Promise<InspectResult> {
    const { args, flags } = await this.parse(RosterInspect);
    const result = await inspectRoster(args.file, {
      profile: flags.profile,
      sheet: flags.sheet,
      rows: rowsFlag(flags.rows),
      delimiter: flags.delimiter,
      encoding: flags.encoding,
    });
    this.summarise(result);
    return result;
  }

  private summarise(r: InspectResult): void {
    const delimiter = r.delimiter === null ? '' : `, delimiter ${JSON.stringify(r.delimiter)}`;
    const encoding = r.encoding === null ? '' : `, ${r.encoding}`;
    this.info(`File      ${r.file}`);
    this.info(`Format    ${r.format}${delimiter}${encoding} (profile ${r.profile})`);
    this.info(`Header    ${r.header.length} columns`);
    this.info('Mapping');
    const width = Math.max(...r.mapping.map((m) => m.column.length), 6);
    for (const { column, field } of r.mapping) {
      const values = (r.samples[field] ?? []).map((v) => JSON.stringify(v)).join(', ');
      this.info(`  ${column.padEnd(width)} -> ${field.padEnd(14)} ${values}`);
    }
    for (const a of r.ambiguous) {
      this.info(`  ${a.column.padEnd(width)} -> ${a.field} again (after '${a.with}'): refused`);
    }
    this.info(`Unmapped  ${r.unmapped.length ? r.unmapped.join(', ') : '(none)'}`);
    const missing = r.missingRequired.length ? r.missingRequired.join('; ') : '(none)';
    this.info(`Missing   ${missing}`);
  }
}

/** A string flag so that a bad value is the documented E_OPTION, not an oclif parse error. */
function rowsFlag(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n)) {
    throw usageError('E_OPTION', `--rows expected a whole number, got "${value}"`);
  }
  return n;
}
