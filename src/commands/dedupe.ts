import { CredkitCommand } from '../cli/base.js';
import { openContext } from '../pipeline/context.js';
import { dedupe, type DedupeResult } from '../pipeline/dedupe.js';

export default class Dedupe extends CredkitCommand {
  static override summary = 'Link roster rows into provider master records.';
  static override description = `Foundation rules, deterministic and explainable: practitioners
merge on a valid NPI (match key npi:<NPI>), or, without one, on normalised last name, first name
and date of birth (name-dob:<hash>); a row with neither stays alone (row:<batch>:<record>).
Organisations merge on their NPI (org-npi:<NPI>), and a group NPI named by individuals but by no
organisation row becomes an organisation master of its own. An NPI carried by an organisation
row never merges individuals. Each field keeps its most common value (ties: latest effective
date, then first loaded row). A master is excluded when any member has an excluded check,
deactivated when NPPES reports its NPI deactivated, else active. Master ids never change for a
key, and rerunning on unchanged data changes nothing.

Exit codes: 0 done; 1 unexpected failure; 2 usage error; 4 another run holds the workspace.`;

  static override examples = [
    '<%= config.bin %> dedupe --workspace ./credkit-demo',
    '<%= config.bin %> dedupe --workspace ./credkit-demo --json',
  ];

  async run(): Promise<DedupeResult> {
    const { flags } = await this.parse(Dedupe);
    const ctx = openContext(this.workspace(flags.workspace), 'dedupe');
    try {
      const result = await dedupe(ctx);
      this.info(renderSummary(result));
      return result;
    } finally {
      ctx.close();
    }
  }
}

function renderSummary(r: DedupeResult): string {
  return [
    `Masters:  ${r.masters} (practitioners ${r.byKind.practitioner}, ` +
      `organisations ${r.byKind.organization})`,
    `Rows:     ${r.rowsLinked} linked`,
    `Changes:  ${r.created} new, ${r.kept} kept (${r.updated} updated), ${r.removed} removed`,
  ].join('\n');
}
