import { usageError } from '../errors.js';
import { auditActor } from '../store/audit.js';
import type { DedupeSettings } from '../transform/link/settings.js';
import type { StageContext } from './context.js';
import { applyDecisions, type ApplyOutcome } from './steward-apply.js';
import {
  findPair,
  insertDecision,
  requireMaster,
  requireMember,
  type DecisionInput,
  type DecisionKind,
  type StewardDecision,
} from './steward-store.js';

export { listDecisions, type StewardDecision, type DecisionKind } from './steward-store.js';

export interface StewardOptions {
  /** Free text kept with the decision (never copied into the audit log). */
  note?: string;
  /** Defaults to `auditActor()`: `CREDKIT_ACTOR` or the OS user. */
  actor?: string;
  /** Re-cluster right away when the workspace is free (default true). */
  apply?: boolean;
  /** Dedupe model for that re-clustering (the config's "dedupe" block; defaults if absent). */
  settings?: DedupeSettings;
}

/** Result of `dedupe decide|merge|split` (also their `--json`). */
export interface DecisionResult extends ApplyOutcome {
  decision: StewardDecision;
  auditId: number;
}

export type PairVerdict = 'match' | 'no-match';

/** Records a steward's verdict on a scored pair: must-link or cannot-link its two rows. */
export async function decidePair(
  ctx: StageContext,
  pairId: string,
  verdict: PairVerdict,
  opts: StewardOptions = {},
): Promise<DecisionResult> {
  const stored = insertDecision(ctx.db, () => {
    const pair = findPair(ctx.db, pairId);
    return { ...blank(verdict, opts), pairId, leftRow: pair.leftRow, rightRow: pair.rightRow };
  });
  return finish(ctx, stored, opts, 'dedupe decide');
}

/** Records that two masters are one provider: every row of both must link. */
export async function mergeMasters(
  ctx: StageContext,
  masterId: string,
  otherMasterId: string,
  opts: StewardOptions = {},
): Promise<DecisionResult> {
  const stored = insertDecision(ctx.db, () => {
    requireMaster(ctx.db, masterId);
    requireMaster(ctx.db, otherMasterId);
    if (masterId === otherMasterId) {
      throw usageError('E_SAME_MASTER', `cannot merge master ${masterId} with itself`);
    }
    return { ...blank('merge', opts), masterId, otherMasterId };
  });
  return finish(ctx, stored, opts, 'dedupe merge');
}

/** Records that a row is not the provider of its master: it cannot link the other members. */
export async function splitMember(
  ctx: StageContext,
  masterId: string,
  rowId: number,
  opts: StewardOptions = {},
): Promise<DecisionResult> {
  const stored = insertDecision(ctx.db, () => {
    requireMaster(ctx.db, masterId);
    requireMember(ctx.db, masterId, rowId);
    return { ...blank('split', opts), masterId, rowId };
  });
  return finish(ctx, stored, opts, 'dedupe split');
}

function blank(kind: DecisionKind, opts: StewardOptions): DecisionInput {
  return {
    kind,
    pairId: null,
    leftRow: null,
    rightRow: null,
    masterId: null,
    otherMasterId: null,
    rowId: null,
    actor: opts.actor ?? auditActor(),
    at: new Date().toISOString(),
    note: opts.note?.trim() || null,
  };
}

async function finish(
  ctx: StageContext,
  stored: { decision: StewardDecision; auditId: number },
  opts: StewardOptions,
  command: string,
): Promise<DecisionResult> {
  const { decision } = stored;
  ctx.log.event('info', 'steward.decision', {
    decisionId: decision.id,
    kind: decision.kind,
    pairId: decision.pairId,
    masterId: decision.masterId,
    auditId: stored.auditId,
  });
  const outcome: ApplyOutcome =
    opts.apply === false
      ? { applied: false, pendingReason: 'not applied now: takes effect on the next dedupe run' }
      : await applyDecisions(ctx, command, { settings: opts.settings });
  return { ...stored, ...outcome };
}
