/**
 * Regenerates fixtures/demo (run `npm run fixtures`). The output is byte-identical on every run;
 * the synth test fails when the committed files drift from a fresh generation.
 */
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeWorld, type WorldFiles } from './synth/index.js';

/** The demo world: ~300 roster rows, small enough to commit (well under 1 MB in total). */
export const DEMO = { rows: 300, seed: 20261109 } as const;

export const DEMO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'demo');

/** Writes the five demo files and `expected.json` into `dir`. */
export async function makeDemoFixtures(dir: string): Promise<WorldFiles> {
  const world = await writeWorld(dir, DEMO);
  await writeFile(join(dir, 'expected.json'), JSON.stringify(world.expected, null, 2) + '\n');
  return world;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const world = await makeDemoFixtures(DEMO_DIR);
  process.stderr.write(`wrote ${world.expected.rosterRows} roster rows to ${DEMO_DIR}\n`);
}
