import { Args } from '@oclif/core';
import { CredkitCommand } from '../../cli/base.js';
import { DECISION_FLAGS, recordDecision } from '../../cli/decision.js';
import { mergeMasters, type DecisionResult } from '../../pipeline/steward.js';

export default class DedupeMerge extends CredkitCommand {
  static override summary = 'Merge two master records that are one provider.';
  static override description = `Records a steward's merge: every row of both masters links on
every later dedupe run, whatever the scores say. Which id survives, and the lineage entry of
the one retired, are dedupe's (see \`credkit provider show\`). The decision and an audit log
entry are written in one short transaction, so this works while the nightly \`credkit run\`
holds the workspace; it is applied at once when no run does, else on the next dedupe run.

Exit codes: 0 recorded; 1 unexpected failure; 2 unknown master (E_MASTER_NOT_FOUND), the same
master twice (E_SAME_MASTER) or bad arguments.`;

  static override examples = [
    '<%= config.bin %> provider show 1870685371 --workspace ./credkit-demo',
    '<%= config.bin %> dedupe merge p-7d44ba3dfb4ac5f1 p-f45ca69b3eee037d -w ./credkit-demo',
  ];

  static override args = {
    master: Args.string({ required: true, description: 'A master id (p-/o- + 16 hex).' }),
    other: Args.string({ required: true, description: 'The master to merge with it.' }),
  };

  static override flags = {
    ...DECISION_FLAGS,
  };

  async run(): Promise<DecisionResult> {
    const { args, flags } = await this.parse(DedupeMerge);
    const show = (text: string) => this.info(text);
    return recordDecision(this.workspace(flags.workspace), flags, show, (ctx, opts) =>
      mergeMasters(ctx, args.master, args.other, opts),
    );
  }
}
