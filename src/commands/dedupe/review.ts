import { Flags } from '@oclif/core';
import { CredkitCommand } from '../../cli/base.js';
import { loadConfig } from '../../config.js';
import { openReader } from '../../pipeline/context.js';
import { openKeySession } from '../../pipeline/steward-keys.js';
import { renderPair } from '../../pipeline/steward-render.js';
import { reviewQueue, type ReviewQueue } from '../../pipeline/steward-review.js';
import { reviewSession, type ReviewSessionResult } from '../../pipeline/steward-session.js';

export default class DedupeReview extends CredkitCommand {
  static override summary = 'Review the pairs dedupe could not decide alone.';
  static override description = `Lists the scored pairs between the link and non-match thresholds
(band "review") that no steward has decided, most probable first. Each shows both roster rows
side by side (NPI, names, birth year only, address, taxonomy, licence, file and line) and every
field comparison with its weight and plain-language reason, then the total weight and the
match probability.

On a terminal (stdin and stdout both TTYs, no --json) the review is interactive, one key per
pair: m match, n no match, s skip, q quit (Ctrl-C quits too, and the terminal is restored).
Each answer is recorded at once with an audit log entry; the decisions are applied when the
review ends if no run holds the workspace, else on the next dedupe run. Safe while the nightly
\`credkit run\` is going. Otherwise (--json, or piped) the queue is printed: --json returns
{pairs, total}.

Exit codes: 0 done; 1 unexpected failure; 2 bad flags.`;

  static override examples = [
    '<%= config.bin %> dedupe review --workspace ./credkit-demo',
    '<%= config.bin %> dedupe review --workspace ./credkit-demo --json --limit 10',
  ];

  static override flags = {
    config: Flags.string({
      summary: 'credkit.config.json whose "dedupe" block sets the model used to re-cluster.',
    }),
    limit: Flags.integer({ min: 1, default: 50, summary: 'Pairs to show at most.' }),
  };

  async run(): Promise<ReviewQueue | ReviewSessionResult> {
    const { flags } = await this.parse(DedupeReview);
    const settings = flags.config ? loadConfig(flags.config).dedupe : undefined;
    const ctx = openReader(this.workspace(flags.workspace));
    try {
      const interactive = process.stdin.isTTY && process.stdout.isTTY && !this.jsonEnabled();
      if (!interactive) {
        const queue = reviewQueue(ctx.db, { limit: flags.limit });
        this.info(renderQueue(queue));
        return queue;
      }
      const keys = openKeySession(process.stdin);
      try {
        const result = await reviewSession(ctx, keys, (t) => this.log(t), {
          limit: flags.limit,
          settings,
        });
        this.log(renderEnd(result));
        return result;
      } finally {
        keys.close();
      }
    } finally {
      ctx.close();
    }
  }
}

function renderQueue(q: ReviewQueue): string {
  if (q.total === 0) return 'No pairs waiting for review.';
  const body = q.pairs.map((p, i) => renderPair(p, i + 1, q.total));
  return [...body, `${q.pairs.length} of ${q.total} pairs shown.`].join('\n\n');
}

function renderEnd(r: ReviewSessionResult): string {
  const head = `Reviewed ${r.shown}: ${r.decided.length} decided, ${r.skipped} skipped.`;
  const applied = r.applied
    ? 'Decisions applied now.'
    : r.decided.length > 0
      ? `Decisions take effect on the next dedupe run (${r.pendingReason}).`
      : '';
  return [head, `${r.remaining} pairs still wait for review.`, applied].filter(Boolean).join('\n');
}
