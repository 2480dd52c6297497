/**
 * Dedupe evaluation: `npm run eval:dedupe [-- --entities N --seed S --json]`. Builds a labelled
 * synthetic roster with known duplicates (typos, swapped names, nicknames, moved addresses,
 * changed surnames, shared names of different people, providers without NPIs), runs the
 * dedupe stage and prints pairs compared, precision, recall and F1 of the automatic links.
 */
import { parseArgs } from 'node:util';
import { runEval } from './eval/run.js';

const { values } = parseArgs({
  options: {
    entities: { type: 'string', default: '5000' },
    seed: { type: 'string', default: '7' },
    json: { type: 'boolean', default: false },
  },
});

const report = await runEval({ entities: Number(values.entities), seed: Number(values.seed) });
if (values.json) {
  const { pairs, precision, recall, f1 } = report;
  process.stdout.write(JSON.stringify({ pairs, precision, recall, f1 }) + '\n');
} else {
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  process.stdout.write(
    [
      `rows ${report.rows} (${report.entities} providers), pairs compared ${report.pairs}`,
      `  by rule: ${Object.entries(report.byRule)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
      `thresholds: link >= ${report.thresholds.link}, review >= ${report.thresholds.review}`,
      `automatic links: precision ${pct(report.precision)}, recall ${pct(report.recall)}, ` +
        `F1 ${report.f1.toFixed(4)} (${report.correctPairs}/${report.predictedPairs} linked ` +
        `pairs correct, ${report.truePairs} true pairs)`,
      `review queue: ${report.review.pairs} pairs, ${report.review.trueMatches} true duplicates`,
      `dedupe took ${report.seconds.toFixed(2)} s`,
    ].join('\n') + '\n',
  );
}
