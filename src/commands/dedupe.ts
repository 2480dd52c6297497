import { Flags } from '@oclif/core';
import { CredkitCommand } from '../cli/base.js';
import { loadConfig } from '../config.js';
import { openContext } from '../pipeline/context.js';
import { dedupe, type DedupeResult } from '../pipeline/dedupe.js';

export default class Dedupe extends CredkitCommand {
  static override summary = 'Link roster rows into provider master records.';
  static override description = `Probabilistic record linkage (Fellegi-Sunter) run in DuckDB.
Blocking rules pick candidate pairs: same valid NPI; same licence number and state; Soundex of
the last (or first) name with the date of birth; TIN with the normalised organisation name;
street address with ZIP. Each pair is compared field by field (NPI, name with nicknames and
swapped names, date of birth, sex, licence, organisation name, TIN, address, phone, taxonomy);
m probabilities are estimated by EM, u probabilities from random pairs, and a common surname
counts for less than a rare one. Pairs at or above the link threshold link automatically,
pairs between the thresholds wait for steward review, the rest do not link. Two different
valid NPIs on individuals, or a pair with no agreeing identifier, never link automatically.
Steward decisions (match, no-match, merge, split) always win. Masters keep their ids across
runs while their members stay or grow; merges and splits are recorded in master_lineage.
See a pair's weights with \`credkit dedupe explain PAIR\`.

Exit codes: 0 done; 1 unexpected failure; 2 usage error (bad config); 4 another run holds the
workspace.`;

  static override examples = [
    '<%= config.bin %> dedupe --workspace ./credkit-demo',
    '<%= config.bin %> dedupe --workspace ./credkit-demo --json',
    '<%= config.bin %> dedupe --workspace ./credkit-demo --config credkit.config.json',
  ];

  static override flags = {
    config: Flags.string({
      summary: 'credkit.config.json whose optional "dedupe" block sets the model.',
    }),
  };

  async run(): Promise<DedupeResult> {
    const { flags } = await this.parse(Dedupe);
    const settings = flags.config ? loadConfig(flags.config).dedupe : undefined;
    const ctx = openContext(this.workspace(flags.workspace), 'dedupe');
    try {
      const result = await dedupe(ctx, { settings });
      this.info(renderSummary(result));
      return result;
    } finally {
      ctx.close();
    }
  }
}

function renderSummary(r: DedupeResult): string {
  const rules = Object.entries(r.pairs.byRule)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return [
    `Masters:  ${r.masters} (practitioners ${r.byKind.practitioner}, ` +
      `organisations ${r.byKind.organization})`,
    `Rows:     ${r.rowsLinked} linked`,
    `Pairs:    ${r.pairs.compared} compared (${rules || 'none'})`,
    `Bands:    ${r.pairs.link} link, ${r.pairs.review} review, ${r.pairs.nonMatch} non-match`,
    `Changes:  ${r.created} new (${r.split} split off), ${r.kept} kept (${r.updated} updated), ` +
      `${r.merged} merged, ${r.removed} removed`,
    `Steward:  ${r.decisions.applied} decisions applied` +
      (r.decisions.unresolved ? `, ${r.decisions.unresolved} unresolved` : ''),
  ].join('\n');
}
