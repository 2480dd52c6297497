import { Args } from '@oclif/core';
import { CredkitCommand } from '../../cli/base.js';
import { DECISION_FLAGS, recordDecision } from '../../cli/decision.js';
import { decidePair, type DecisionResult, type PairVerdict } from '../../pipeline/steward.js';

export default class DedupeDecide extends CredkitCommand {
  static override summary = 'Decide a scored pair: the two rows are one provider, or not.';
  static override description = `Records a steward's decision on a pair listed by
\`credkit dedupe review\` (any band may be decided, so an automatic link can be undone):
match makes the two rows link on every later run, no-match keeps them apart on every later run,
whatever the scores say. The decision and an audit log entry (user, time, ids) are written in
one short transaction, so this works while the nightly \`credkit run\` holds the workspace.
When no run holds the workspace, dedupe re-clusters at once; otherwise the decision takes
effect on the next dedupe run. Deciding a pair again records a new decision; the latest wins.

Exit codes: 0 recorded (applied now or on the next run); 1 unexpected failure; 2 unknown pair
(E_PAIR_NOT_FOUND) or bad arguments.`;

  static override examples = [
    '<%= config.bin %> dedupe review --workspace ./credkit-demo --json --limit 1',
    '<%= config.bin %> dedupe decide mp-1b1495ee64528f34 match --workspace ./credkit-demo',
    '<%= config.bin %> dedupe decide mp-1b1495ee64528f34 no-match --note "different DOB" --json',
  ];

  static override args = {
    pair: Args.string({ required: true, description: 'Pair id, as `dedupe review` lists it.' }),
    verdict: Args.string({ required: true, options: ['match', 'no-match'] }),
  };

  static override flags = {
    ...DECISION_FLAGS,
  };

  async run(): Promise<DecisionResult> {
    const { args, flags } = await this.parse(DedupeDecide);
    const show = (text: string) => this.info(text);
    return recordDecision(this.workspace(flags.workspace), flags, show, (ctx, opts) =>
      decidePair(ctx, args.pair, args.verdict as PairVerdict, opts),
    );
  }
}
