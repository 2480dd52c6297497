import { Flags } from '@oclif/core';
import { join } from 'node:path';
import { CredkitCommand } from '../../cli/base.js';
import { openReader } from '../../pipeline/context.js';
import {
  REJECTS_FORMATS,
  rosterRejects,
  type RejectsResult,
} from '../../pipeline/roster-rejects.js';

export default class RosterRejects extends CredkitCommand {
  static override summary = 'Write the rejected rows of a roster batch with their reasons.';
  static override description = `Lists every row of batch ID that roster load rejected: its \
record and line number, the codes and messages of all its errors, and its cells as read \
(SSN columns redacted). CSV cells that start with = + - @, TAB or CR get a leading ' so that a \
spreadsheet shows them as text. Prints to stdout unless --out is given; with --json and no \
--out the file goes to the workspace's reports/ folder. Reads the workspace without locking it.

Exit codes:
  0  written (also when the batch has no rejected rows)
  1  the output file could not be written
  2  unknown batch or bad flags`;

  static override examples = [
    '<%= config.bin %> roster load fixtures/demo/roster.csv',
    '<%= config.bin %> roster rejects --batch b-aae8500a7217',
    '<%= config.bin %> roster rejects --batch b-aae8500a7217 --format json --out rejects.json',
  ];

  static override flags = {
    batch: Flags.string({ summary: 'Batch ID, as roster load printed it.', required: true }),
    format: Flags.string({
      summary: 'Output format.',
      options: [...REJECTS_FORMATS],
      default: 'csv',
    }),
    out: Flags.string({ char: 'o', summary: 'File to write (default: stdout).' }),
  };

  async run(): Promise<RejectsResult> {
    const { flags } = await this.parse(RosterRejects);
    const ws = this.workspace(flags.workspace);
    const format = flags.format === 'json' ? 'json' : 'csv';
    const out =
      flags.out ??
      (this.jsonEnabled() ? join(ws.reportsDir, `rejects-${flags.batch}.${format}`) : undefined);
    const ctx = openReader(ws);
    try {
      const { text, ...result } = rosterRejects(ctx, { batchId: flags.batch, format, out });
      if (text !== null) process.stdout.write(text);
      else this.info(`${result.rows} rejected rows written to ${result.path}`);
      return result;
    } finally {
      ctx.close();
    }
  }
}
