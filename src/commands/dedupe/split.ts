import { Args, Flags } from '@oclif/core';
import { CredkitCommand } from '../../cli/base.js';
import { DECISION_FLAGS, recordDecision } from '../../cli/decision.js';
import { splitMember, type DecisionResult } from '../../pipeline/steward.js';

export default class DedupeSplit extends CredkitCommand {
  static override summary = 'Take a row out of a master record that is not its provider.';
  static override description = `Records a steward's split: the roster row (its id as
\`credkit provider show\` lists the members) cannot link any other member of the master on
every later dedupe run, whatever the scores say. The decision and an audit log entry are
written in one short transaction, so this works while the nightly \`credkit run\` holds the
workspace; it is applied at once when no run does, else on the next dedupe run.

Exit codes: 0 recorded; 1 unexpected failure; 2 unknown master (E_MASTER_NOT_FOUND), a row
that is not a member (E_ROW_NOT_MEMBER) or is the only member (E_SPLIT_ONLY_MEMBER), or bad
arguments.`;

  static override examples = [
    '<%= config.bin %> provider show 1870685371 --workspace ./credkit-demo',
    '<%= config.bin %> dedupe split p-7d44ba3dfb4ac5f1 --member 159 --workspace ./credkit-demo',
  ];

  static override args = {
    master: Args.string({ required: true, description: 'A master id (p-/o- + 16 hex).' }),
  };

  static override flags = {
    ...DECISION_FLAGS,
    member: Flags.integer({ required: true, min: 1, summary: 'Roster row id to take out.' }),
  };

  async run(): Promise<DecisionResult> {
    const { args, flags } = await this.parse(DedupeSplit);
    const show = (text: string) => this.info(text);
    return recordDecision(this.workspace(flags.workspace), flags, show, (ctx, opts) =>
      splitMember(ctx, args.master, flags.member, opts),
    );
  }
}
