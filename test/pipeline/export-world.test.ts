import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoConfig } from '../../src/config.js';
import { openContext } from '../../src/pipeline/context.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { validateExport } from '../../src/pipeline/validate-export.js';
import { ensureWorkspace } from '../../src/store/workspace.js';
import { writeWorld } from '../../scripts/synth/index.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'credkit-world-'));
  dirs.push(dir);
  return dir;
}

async function exportOf(config: ReturnType<typeof demoConfig>) {
  const ctx = openContext(ensureWorkspace(tempDir()), 'test');
  try {
    return await runPipeline(ctx, config);
  } finally {
    ctx.close();
  }
}

describe('every resource credkit exports passes credkit validate', () => {
  it('holds for the demo data', async () => {
    const run = await exportOf(demoConfig());
    const v = validateExport(run.exportDir);
    expect(v.problems).toEqual([]);
    expect(v.valid).toBe(true);
    expect(run.resources.Location).toBeGreaterThan(0);
    expect(run.resources.VerificationResult).toBeGreaterThan(run.resources.Practitioner);
  }, 60_000);

  it('holds for a synthetic world of 2,000 roster rows', async () => {
    const world = await writeWorld(tempDir(), { rows: 2000, seed: 6 });
    const run = await exportOf({
      ...demoConfig(),
      rosters: [world.roster],
      sources: { nppes: world.nppes, leie: world.leie, sam: world.sam },
    });
    const v = validateExport(run.exportDir);
    expect(v.problems).toEqual([]);
    expect(v.resources).toBeGreaterThan(2000);
  }, 120_000);
});
