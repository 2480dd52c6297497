import { isCredkitError } from '../errors.js';
import { acquireLock } from '../store/lock.js';
import type { StageContext } from './context.js';
import { dedupe, type DedupeOptions, type DedupeResult } from './dedupe.js';

/** Whether recorded decisions took effect now, or wait for the next `dedupe` run. */
export interface ApplyOutcome {
  applied: boolean;
  /** Why not applied: the lock holder as `E_LOCKED` describes it. */
  pendingReason?: string;
  dedupe?: DedupeResult;
}

/**
 * Re-clusters so that decisions take effect at once, but only when no other run holds the
 * workspace: a steward never waits for, or fails on, the nightly job. When the lock is held
 * the decisions are already stored and the next `dedupe` (or `run`) applies them. `opts` are
 * dedupe's (the model of the config's "dedupe" block), so the steward re-clusters as the
 * nightly job would.
 */
export async function applyDecisions(
  ctx: StageContext,
  command: string,
  opts: DedupeOptions = {},
): Promise<ApplyOutcome> {
  let release: () => void;
  try {
    release = acquireLock(ctx.ws.lockPath, command);
  } catch (err) {
    if (isCredkitError(err) && err.code === 'E_LOCKED') {
      ctx.log.event('info', 'steward.apply-deferred', { reason: err.message });
      return { applied: false, pendingReason: err.message };
    }
    throw err;
  }
  try {
    return { applied: true, dedupe: await dedupe(ctx, opts) };
  } finally {
    release();
  }
}
