import { Args } from '@oclif/core';
import { CredkitCommand } from '../../cli/base.js';
import { openReader } from '../../pipeline/context.js';
import { explainPair, type ExplainResult } from '../../pipeline/dedupe-explain.js';
import { renderExplanation } from '../../transform/link/explain.js';

export default class DedupeExplain extends CredkitCommand {
  static override summary = 'Show why two roster rows were linked, queued or kept apart.';
  static override description = `Prints a scored pair's total weight, match probability and
band, then one line per field: the comparison level, its weight in bits (log2 of m/u; positive
is evidence for one provider, negative for two) and the reason in plain English. The first line
is the prior (how often a candidate pair matches); "name-frequency" adjusts a shared surname by
how common it is. PAIR is a pair id (mp-…) from \`credkit dedupe review\` or two roster row ids
("12,34"). Pairs are stored for links, reviews and non-matches close to the review band.

Exit codes: 0 done; 1 unexpected failure; 2 no such pair, or usage error.`;

  static override examples = [
    '<%= config.bin %> dedupe explain mp-3f2a9c0d4e5b6a71 --workspace ./credkit-demo',
    '<%= config.bin %> dedupe explain 12,48 --workspace ./credkit-demo --json',
  ];

  static override args = {
    pair: Args.string({ required: true, description: 'Pair id (mp-…) or two row ids "12,34".' }),
  };

  async run(): Promise<ExplainResult> {
    const { args, flags } = await this.parse(DedupeExplain);
    const ctx = openReader(this.workspace(flags.workspace));
    try {
      const result = explainPair(ctx.db, args.pair);
      this.info(renderExplanation(result, result.decision));
      return result;
    } finally {
      ctx.close();
    }
  }
}
