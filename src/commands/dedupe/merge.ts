import { Args, Flags } from '@oclif/core';
import { CredkitCommand } from '../../cli/base.js';
import { loadConfig } from '../../config.js';
import { openReader } from '../../pipeline/context.js';
import { mergeMasters, type DecisionResult } from '../../pipeline/steward.js';
import { renderDecision } from '../../pipeline/steward-render.js';

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
    config: Flags.string({
      summary: 'credkit.config.json whose "dedupe" block sets the model used to re-cluster.',
    }),
    note: Flags.string({ summary: 'Why (kept with the decision, not in the audit log).' }),
  };

  async run(): Promise<DecisionResult> {
    const { args, flags } = await this.parse(DedupeMerge);
    const settings = flags.config ? loadConfig(flags.config).dedupe : undefined;
    const ctx = openReader(this.workspace(flags.workspace));
    try {
      const result = await mergeMasters(ctx, args.master, args.other, {
        note: flags.note,
        settings,
      });
      this.info(renderDecision(result));
      return result;
    } finally {
      ctx.close();
    }
  }
}
