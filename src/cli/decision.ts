import { Flags } from '@oclif/core';
import { loadConfig } from '../config.js';
import { openReader, type StageContext } from '../pipeline/context.js';
import type { DecisionResult, StewardOptions } from '../pipeline/steward.js';
import { renderDecision } from '../pipeline/steward-render.js';
import type { Workspace } from '../store/workspace.js';

/** Flags every steward decision command takes. */
export const DECISION_FLAGS = {
  config: Flags.string({
    summary: 'credkit.config.json whose "dedupe" block sets the model used to re-cluster.',
  }),
  note: Flags.string({ summary: 'Why (kept with the decision, not in the audit log).' }),
};

/**
 * Records one steward decision: no workspace lock (a steward works while the nightly job
 * runs), the dedupe settings from `--config`, and the decision rendered for a person.
 */
export async function recordDecision(
  ws: Workspace,
  flags: { config?: string; note?: string },
  show: (text: string) => void,
  decide: (ctx: StageContext, opts: StewardOptions) => Promise<DecisionResult>,
): Promise<DecisionResult> {
  const settings = flags.config ? loadConfig(flags.config).dedupe : undefined;
  const ctx = openReader(ws);
  try {
    const result = await decide(ctx, { note: flags.note, settings });
    show(renderDecision(result));
    return result;
  } finally {
    ctx.close();
  }
}
