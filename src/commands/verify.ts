import { Flags } from '@oclif/core';
import { CredkitCommand } from '../cli/base.js';
import { ExitCode, usageError } from '../errors.js';
import { SOURCES, type SourceName } from '../model.js';
import { openContext } from '../pipeline/context.js';
import { verify, type VerifyResult } from '../pipeline/verify.js';

export default class Verify extends CredkitCommand {
  static override summary = 'Check every roster row against the NPPES, LEIE and SAM snapshots.';
  static override description = `Joins all loaded roster rows with the latest snapshot of each \
source in DuckDB and stores one check per row and source (rerunning replaces them). Outcomes: \
verified, discrepancy, excluded, possible-match, not-found, insufficient-data, \
source-unavailable (no snapshot of that source: fail closed).

Exit codes:
  0  every check ran against a fresh snapshot
  2  unknown source in --sources
  3  done but incomplete: a source has no snapshot (its checks are
     source-unavailable), or a LEIE/SAM snapshot is older than --max-age-days
  4  another run holds the workspace lock`;

  static override examples = [
    '<%= config.bin %> verify',
    '<%= config.bin %> verify --sources leie,sam --max-age-days 35 --json',
  ];

  static override flags = {
    sources: Flags.string({ summary: `Comma-separated sources to check (${SOURCES.join(',')}).` }),
    'max-age-days': Flags.integer({
      summary: 'Age in days past which LEIE/SAM are stale.',
      default: 35,
      min: 0,
    }),
  };

  async run(): Promise<VerifyResult> {
    const { flags } = await this.parse(Verify);
    const sources = parseSources(flags.sources);
    const ctx = openContext(this.workspace(flags.workspace), 'verify');
    let result: VerifyResult;
    try {
      result = await verify(ctx, { sources, maxAgeDays: flags['max-age-days'] });
    } finally {
      ctx.close();
    }
    this.info(summary(result));
    const problems = incomplete(result, flags['max-age-days']);
    if (problems.length) {
      for (const p of problems) process.stderr.write(`W_INCOMPLETE ${p}\n`);
      this.setExit(ExitCode.incomplete);
    }
    return result;
  }
}

function parseSources(flag: string | undefined): SourceName[] | undefined {
  if (!flag) return undefined;
  const names = flag
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const bad = names.filter((n) => !(SOURCES as readonly string[]).includes(n));
  if (bad.length) {
    throw usageError(
      'E_BAD_SOURCE',
      `unknown source(s): ${bad.join(', ')} (expected ${SOURCES.join(', ')})`,
    );
  }
  return names as SourceName[];
}

function incomplete(r: VerifyResult, maxAge: number): string[] {
  const out = r.stale.map((s) => `${s} snapshot is older than ${maxAge} days: import a newer file`);
  for (const [source, counts] of Object.entries(r.bySource)) {
    if (counts['source-unavailable'] > 0) {
      out.push(`${source} has no snapshot: ${counts['source-unavailable']} checks unavailable`);
    }
  }
  return out;
}

function summary(r: VerifyResult): string {
  const lines = [`Checked ${r.rowsChecked} roster rows`];
  for (const [source, counts] of Object.entries(r.bySource)) {
    const parts = Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([o, n]) => `${o} ${n}`);
    lines.push(`  ${source.padEnd(5)}  ${parts.join(', ') || 'no rows'}`);
  }
  return lines.join('\n');
}
