import { Flags } from '@oclif/core';
import { CredkitCommand } from '../cli/base.js';
import { ExitCode, usageError } from '../errors.js';
import { SOURCES, type SourceName } from '../model.js';
import { openContext } from '../pipeline/context.js';
import { verify, type VerifyResult } from '../pipeline/verify.js';
import { verifyLive, DEFAULT_SAM_BUDGET, type LiveResult } from '../pipeline/verify-live.js';
import { Progress } from '../progress.js';

export default class Verify extends CredkitCommand {
  static override summary = 'Check every roster row against the NPPES, LEIE and SAM snapshots.';
  static override description = `Joins all loaded roster rows with the latest snapshot of each \
source in DuckDB and stores one check per row and source (rerunning replaces them). Outcomes: \
verified, discrepancy, excluded, possible-match, not-found, insufficient-data, \
source-unavailable (no snapshot of that source: fail closed).

With --mode live, NPPES and SAM are asked through their APIs instead (NPI Registry API v2.1, \
SAM.gov Exclusions API v4; LEIE has no API). Base URLs come from CREDKIT_NPPES_API_URL and \
CREDKIT_SAM_API_URL, the SAM key only from SAM_API_KEY (sent as X-Api-Key, never logged). \
Calls are rate-limited per source, retried with backoff, and cached for 24 h, so a rerun or a \
resumed run repeats no finished call. Any failed call gives source-unavailable.

Exit codes:
  0  every check ran against a fresh snapshot
  2  unknown source in --sources
  3  done but incomplete: a source has no snapshot (its checks are
     source-unavailable), or a LEIE/SAM snapshot is older than --max-age-days;
     live: some calls failed (source-unavailable), or the SAM calls needed
     exceed what is left of --sam-budget (refused before any call)
  4  another run holds the workspace lock`;

  static override examples = [
    '<%= config.bin %> verify',
    '<%= config.bin %> verify --sources leie,sam --max-age-days 35 --json',
    '<%= config.bin %> verify --mode live --sources nppes --rate 5 --concurrency 4',
  ];

  static override flags = {
    sources: Flags.string({ summary: `Comma-separated sources to check (${SOURCES.join(',')}).` }),
    'max-age-days': Flags.integer({
      summary: 'Age in days past which LEIE/SAM are stale.',
      default: 35,
      min: 0,
    }),
    mode: Flags.option({
      options: ['bulk', 'live'] as const,
      default: 'bulk' as const,
      summary: 'bulk: imported snapshots; live: the NPPES and SAM APIs.',
    })(),
    concurrency: Flags.integer({
      summary: 'Live: requests in flight per source.',
      default: 4,
      min: 1,
    }),
    rate: Flags.string({ summary: 'Live: requests per second per source.', default: '5' }),
    'sam-budget': Flags.integer({
      summary: 'Live: SAM calls allowed per rolling 24 h in this workspace.',
      default: DEFAULT_SAM_BUDGET,
      min: 0,
    }),
  };

  async run(): Promise<VerifyResult | LiveResult> {
    const { flags } = await this.parse(Verify);
    const sources = parseSources(flags.sources);
    if (flags.mode === 'live') return this.runLive(flags, sources);
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

  private async runLive(
    flags: { workspace?: string; concurrency: number; rate: string; 'sam-budget': number },
    sources: SourceName[] | undefined,
  ): Promise<LiveResult> {
    const rate = Number(flags.rate);
    if (!(rate > 0)) throw usageError('E_BAD_RATE', `--rate must be a positive number`);
    const ctx = openContext(this.workspace(flags.workspace), 'verify');
    const progress = new Progress('verify live');
    let result: LiveResult;
    try {
      result = await verifyLive(ctx, {
        sources,
        concurrency: flags.concurrency,
        ratePerSecond: rate,
        samBudget: flags['sam-budget'],
        onProgress: (done, total) => progress.tick(done, total),
      });
    } finally {
      ctx.close();
    }
    progress.done(`${result.calls} calls, ${result.cacheHits} from cache`);
    this.info(summary(result));
    const problems = Object.entries(result.bySource)
      .filter(([, counts]) => counts['source-unavailable'] > 0)
      .map(([s, counts]) => {
        const why = result.unavailable[s] ? ` (${result.unavailable[s]})` : '';
        return `${s}: ${counts['source-unavailable']} checks unavailable${why}`;
      });
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
