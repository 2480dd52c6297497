/**
 * Benchmark harness: `npm run bench -- --rows N [--seed S] [--out DIR] [--stages a,b]`.
 * Generates an N-row roster with matching NPPES, LEIE and SAM files in their real layouts,
 * runs each stage in its own process and prints rows per second and peak RSS per stage as JSON.
 * Not part of the test suite: speed is measured here, never asserted.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeWorld } from './synth/index.js';

interface StageRun {
  stage: string;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  peakRssMB: number;
  /** verify-live only: calls made and the rate achieved as a share of the configured limit. */
  live?: Record<string, unknown>;
}

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string', default: './bench-out' },
    stages: { type: 'string' },
  },
});

async function main(): Promise<void> {
  const rows = Number(values.rows);
  const out = resolve(values.out!);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });

  const genStart = Date.now();
  const world = await writeWorld(join(out, 'data'), { rows, seed: Number(values.seed) });
  const generateSeconds = (Date.now() - genStart) / 1000;
  const ws = join(out, 'workspace');
  const plan: [string, string | undefined][] = [
    ['load', world.roster],
    ['import-nppes', world.nppes],
    ['import-leie', world.leie],
    ['import-sam', world.sam],
    ['verify', undefined],
    ['dedupe', undefined],
    ['export', undefined],
    ['report-quality', undefined],
    ['verify-live', world.roster],
  ];
  const only = values.stages?.split(',');
  const stages = plan
    .filter(([stage]) => !only || only.includes(stage))
    .map(([stage, file]) => runStage(stage, ws, file, rows));
  const report = {
    rows,
    seed: Number(values.seed),
    node: process.version,
    generateSeconds,
    stages,
  };
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
}

function runStage(stage: string, ws: string, file: string | undefined, rows: number): StageRun {
  const args =
    stage === 'verify-live'
      ? ['tsx', 'scripts/bench-live.ts', file!, join(ws, '..', 'live-workspace')]
      : ['tsx', 'scripts/bench-stage.ts', stage, ws, ...(file ? [file] : [])];
  const line = execFileSync('npx', args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  const r = JSON.parse(line.trim().split('\n').pop()!) as {
    seconds: number;
    peakRssMB: number;
    result: Record<string, unknown>;
  };
  const n = stageRows(r.result, rows);
  process.stderr.write(`${stage}: ${n} rows, ${r.seconds.toFixed(2)} s, peak ${r.peakRssMB} MB\n`);
  const extra = stage === 'verify-live' ? { live: r.result } : {};
  return {
    ...extra,
    stage,
    rows: n,
    seconds: r.seconds,
    rowsPerSecond: Math.round(n / r.seconds),
    peakRssMB: r.peakRssMB,
  };
}

/** The rows a stage worked through: source rows for imports, roster rows otherwise. */
function stageRows(result: Record<string, unknown>, rosterRows: number): number {
  const rows = result.rows;
  if (typeof rows === 'number') return rows;
  if (rows && typeof rows === 'object' && 'read' in rows) return Number(rows.read);
  if (typeof result.rowsChecked === 'number') return result.rowsChecked;
  return rosterRows;
}

await main();
