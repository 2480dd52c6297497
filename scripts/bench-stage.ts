/**
 * Runs one pipeline stage in its own process so that its peak memory can be read alone.
 * Usage: tsx scripts/bench-stage.ts <stage> <workspace> [file]
 * Prints one JSON line: {stage, seconds, peakRssMB, result}.
 */
import { ensureWorkspace } from '../src/store/workspace.js';
import { openContext } from '../src/pipeline/context.js';
import { loadRoster } from '../src/pipeline/load-roster.js';
import { importSource } from '../src/pipeline/import-source.js';
import { verify } from '../src/pipeline/verify.js';
import { dedupe } from '../src/pipeline/dedupe.js';
import { exportBulk } from '../src/pipeline/export.js';
import { reportQuality } from '../src/pipeline/report-quality.js';
import type { StageContext } from '../src/pipeline/context.js';

type Stage = (ctx: StageContext, file?: string) => Promise<unknown>;

const STAGES: Record<string, Stage> = {
  load: (ctx, file) => loadRoster(ctx, file!, {}),
  'import-nppes': (ctx, file) => importSource(ctx, 'nppes', file!, {}),
  'import-leie': (ctx, file) => importSource(ctx, 'leie', file!, {}),
  'import-sam': (ctx, file) => importSource(ctx, 'sam', file!, {}),
  verify: (ctx) => verify(ctx, { maxAgeDays: undefined }),
  dedupe: (ctx) => dedupe(ctx),
  export: (ctx) => exportBulk(ctx, {}),
  'report-quality': (ctx) => reportQuality(ctx),
};

async function main(): Promise<void> {
  const [stage, dir, file] = process.argv.slice(2);
  const fn = STAGES[stage];
  if (!fn) throw new Error(`unknown stage ${stage}; one of ${Object.keys(STAGES).join(', ')}`);
  const ctx = openContext(ensureWorkspace(dir), `bench ${stage}`);
  const start = process.hrtime.bigint();
  try {
    const result = await fn(ctx, file);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
    process.stdout.write(
      JSON.stringify({ stage, seconds, peakRssMB, result: brief(result) }) + '\n',
    );
  } finally {
    ctx.close();
  }
}

/** Keeps the numbers of a stage result and drops long lists (findings). */
function brief(result: unknown): unknown {
  if (!result || typeof result !== 'object') return result;
  return Object.fromEntries(Object.entries(result).filter(([, v]) => !Array.isArray(v)));
}

await main();
