import type { DedupeSettings } from '../transform/link/settings.js';
import type { StageContext } from './context.js';
import { applyDecisions, type ApplyOutcome } from './steward-apply.js';
import type { KeySession } from './steward-keys.js';
import { REVIEW_PROMPT, renderPair } from './steward-render.js';
import { reviewQueue } from './steward-review.js';
import { decidePair, type StewardDecision } from './steward.js';

/** Result of an interactive `credkit dedupe review`. */
export interface ReviewSessionResult extends ApplyOutcome {
  shown: number;
  decided: StewardDecision[];
  skipped: number;
  /** Pairs still waiting for a decision when the session ended. */
  remaining: number;
}

/**
 * Walks the review queue one pair at a time: shows the pair through `show`, waits for one key
 * and records match/no-match at once (each in its own short transaction, so nothing is lost
 * when the steward quits). Re-clustering happens once at the end, when the workspace is free.
 */
export async function reviewSession(
  ctx: StageContext,
  keys: KeySession,
  show: (text: string) => void,
  opts: { limit?: number; settings?: DedupeSettings } = {},
): Promise<ReviewSessionResult> {
  const { pairs, total } = reviewQueue(ctx.db, opts);
  const decided: StewardDecision[] = [];
  let shown = 0;
  let skipped = 0;
  for (const pair of pairs) {
    shown += 1;
    show(`\n${renderPair(pair, shown, total)}\n\n${REVIEW_PROMPT}`);
    const action = await keys.next();
    if (action === 'quit') break;
    if (action === 'skip') {
      skipped += 1;
      show('skipped');
      continue;
    }
    const r = await decidePair(ctx, pair.id, action, { apply: false });
    decided.push(r.decision);
    show(`${action} recorded (decision ${r.decision.id})`);
  }
  keys.close();
  const outcome: ApplyOutcome =
    decided.length > 0
      ? await applyDecisions(ctx, 'dedupe review', { settings: opts.settings })
      : { applied: false };
  return { shown, decided, skipped, remaining: total - decided.length, ...outcome };
}
