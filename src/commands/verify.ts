import { Flags } from '@oclif/core';
import { CredkitCommand } from '../cli/base.js';
import { ExitCode, usageError } from '../errors.js';
import { SOURCES, type SourceName } from '../model.js';
import { openContext } from '../pipeline/context.js';
import { verify, type VerifyResult } from '../pipeline/verify.js';
import { verifyLive, DEFAULT_SAM_BUDGET, type LiveResult } from '../pipeline/verify-live.js';
import { isLayoutSelector } from '../pipeline/verify-layouts.js';
import { rescreen, type RescreenResult } from '../pipeline/rescreen.js';
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

State licence boards and state Medicaid lists imported with \`sources import board|state-list\` \
are checked too: --sources boards, state-lists, or one layout such as board:oh-med. A board \
checks individual rows whose licence state is its state and whose licence number it issues; \
a board named in --sources but never imported gives source-unavailable for those rows.

--rescreen (monitoring) checks every roster row against the latest snapshot of each exclusion \
list (LEIE, SAM, state lists; narrow with --sources) and against the one before it, stores \
the latest checks, and lists masters (id and NPI) newly excluded or newly a possible match, \
and those reinstated. A list with one snapshot has nothing to compare (said in the result).

Exit codes:
  0  every check ran against a fresh snapshot
  2  unknown source in --sources; --rescreen with nppes or --mode live; boards with
     --mode live
  3  done but incomplete: a source has no snapshot (its checks are
     source-unavailable), or a LEIE/SAM snapshot is older than --max-age-days;
     live: some calls failed (source-unavailable), or the SAM calls needed
     exceed what is left of --sam-budget (refused before any call);
     rescreen: a list has no snapshot
  4  another run holds the workspace lock`;

  static override examples = [
    '<%= config.bin %> verify',
    '<%= config.bin %> verify --sources leie,sam --max-age-days 35 --json',
    '<%= config.bin %> verify --mode live --sources nppes --rate 5 --concurrency 4',
    '<%= config.bin %> verify --sources boards,state-lists',
    '<%= config.bin %> verify --rescreen --sources leie,sam --json',
  ];

  static override flags = {
    sources: Flags.string({
      summary: `Comma-separated sources to check (${SOURCES.join(',')},boards,state-lists).`,
    }),
    rescreen: Flags.boolean({
      summary: 'Compare the latest exclusion-list snapshots with the previous ones.',
    }),
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

  async run(): Promise<VerifyResult | LiveResult | RescreenResult> {
    const { flags } = await this.parse(Verify);
    if (flags.rescreen) {
      if (flags.mode === 'live')
        throw usageError('E_BAD_OPTION', '--rescreen reads snapshots only');
      return this.runRescreen(flags.workspace, names(flags.sources));
    }
    const sources = parseSources(flags.sources);
    const layouts = names(flags.sources)?.filter(isLayoutSelector);
    if (flags.mode === 'live') {
      if (layouts?.length) {
        throw usageError('E_BAD_SOURCE', 'boards and state lists are checked in bulk mode only');
      }
      return this.runLive(flags, sources);
    }
    const ctx = openContext(this.workspace(flags.workspace), 'verify');
    let result: VerifyResult;
    try {
      result = await verify(ctx, { sources, layouts, maxAgeDays: flags['max-age-days'] });
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

  private async runRescreen(
    workspace: string | undefined,
    sources: string[] | undefined,
  ): Promise<RescreenResult> {
    const ctx = openContext(this.workspace(workspace), 'verify');
    let result: RescreenResult;
    try {
      result = await rescreen(ctx, { sources });
    } finally {
      ctx.close();
    }
    this.info(rescreenSummary(result));
    const missing = Object.entries(result.sources).filter(([, r]) => r.snapshot === null);
    if (missing.length) {
      for (const [s] of missing) process.stderr.write(`W_INCOMPLETE ${s} has no snapshot\n`);
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

function names(flag: string | undefined): string[] | undefined {
  if (!flag) return undefined;
  return flag
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

/** The NPPES/LEIE/SAM names of --sources; board and state-list selectors are taken apart. */
function parseSources(flag: string | undefined): SourceName[] | undefined {
  const all = names(flag);
  if (!all) return undefined;
  const known = SOURCES as readonly string[];
  const bad = all.filter((n) => !known.includes(n) && !isLayoutSelector(n));
  if (bad.length) {
    throw usageError(
      'E_BAD_SOURCE',
      `unknown source(s): ${bad.join(', ')} (expected ${SOURCES.join(', ')}, boards, ` +
        'state-lists, board:<layout>, state-list:<layout>)',
    );
  }
  return all.filter((n) => known.includes(n)) as SourceName[];
}

function rescreenSummary(r: RescreenResult): string {
  const lines = [`Rescreened ${r.rowsChecked} roster rows`];
  const who = (e: { masterId: string | null; npi: string | null }) =>
    `${e.masterId ?? '(no master)'} NPI ${e.npi ?? '-'}`;
  for (const [source, s] of Object.entries(r.sources)) {
    if (s.note) {
      lines.push(`  ${source}: ${s.note}`);
      continue;
    }
    lines.push(
      `  ${source}: ${s.snapshot} vs ${s.previous}; records +${s.recordsAdded} ` +
        `-${s.recordsRemoved}; newly excluded ${s.newlyExcluded.length}, newly possible ` +
        `${s.newlyPossible.length}, reinstated ${s.reinstated.length}`,
    );
    for (const e of s.newlyExcluded) lines.push(`    excluded   ${who(e)} (${e.reason})`);
    for (const e of s.newlyPossible) lines.push(`    possible   ${who(e)} (${e.reason})`);
    for (const e of s.reinstated) lines.push(`    reinstated ${who(e)} (${e.reason})`);
  }
  return lines.join('\n');
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
