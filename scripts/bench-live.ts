/**
 * Live-mode benchmark: `verify --mode live` for a sample of the bench roster against the
 * NPI Registry test server on 127.0.0.1 (the real API cannot be reached from here). Reports
 * the request rate achieved as a share of the configured limit.
 * Usage: tsx scripts/bench-live.ts <roster.csv> <workspace> [rows] [rate]
 */
import { createReadStream, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { ensureWorkspace } from '../src/store/workspace.js';
import { openContext } from '../src/pipeline/context.js';
import { loadRoster } from '../src/pipeline/load-roster.js';
import { verifyLive } from '../src/pipeline/verify-live.js';
import { newShape, startNppesServer } from '../test/servers/nppes-server.js';

async function sampleRoster(roster: string, out: string, rows: number): Promise<string[]> {
  const lines: string[] = [];
  const reader = createInterface({ input: createReadStream(roster), crlfDelay: Infinity });
  for await (const line of reader) {
    lines.push(line);
    if (lines.length > rows) break;
  }
  reader.close();
  writeFileSync(out, lines.join('\r\n') + '\r\n');
  return lines.slice(1).map((l) => l.split(',')[0]);
}

async function main(): Promise<void> {
  const [roster, dir, rowsArg = '300', rateArg = '50'] = process.argv.slice(2);
  const rate = Number(rateArg);
  const sample = join(dir, 'live-sample.csv');
  const ctx = openContext(ensureWorkspace(dir), 'bench live');
  const npis = await sampleRoster(roster, sample, Number(rowsArg));
  const server = await startNppesServer({ records: npis.map((npi) => newShape({ npi })) });
  try {
    await loadRoster(ctx, sample, { force: true });
    const env = { ...process.env, CREDKIT_NPPES_API_URL: server.base };
    const start = process.hrtime.bigint();
    const r = await verifyLive(ctx, {
      sources: ['nppes'],
      ratePerSecond: rate,
      concurrency: 8,
      env,
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const times = server.requests.map((q) => q.at).sort((a, b) => a - b);
    const result = {
      stage: 'verify-live',
      seconds,
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      result: { rows: r.rowsChecked, calls: r.calls, configuredRate: rate, ...rates(times, rate) },
    };
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    await server.close();
    ctx.close();
  }
}

/**
 * Rates seen by the server: the most requests in any sliding second (must not pass the limit)
 * and the sustained rate between the first and last request, as a share of the limit.
 */
function rates(times: number[], limit: number) {
  let maxInAnySecond = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j] - times[i] >= 1000) i++;
    maxInAnySecond = Math.max(maxInAnySecond, j - i + 1);
  }
  const span = (times[times.length - 1] - times[0]) / 1000;
  const sustained = span > 0 ? (times.length - 1) / span : 0;
  const share = Math.round((sustained / limit) * 1000) / 1000;
  return { maxInAnySecond, sustainedRate: Math.round(sustained * 100) / 100, shareOfLimit: share };
}

await main();
