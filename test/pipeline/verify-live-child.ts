/**
 * Runs `verifyLive` in its own process so a test can kill it mid-run (SIGKILL) and check that
 * the rerun repeats no finished call. Arguments: workspace dir, NPPES base URL.
 */
import { openContext } from '../../src/pipeline/context.js';
import { verifyLive } from '../../src/pipeline/verify-live.js';
import { ensureWorkspace } from '../../src/store/workspace.js';

const [dir, nppesUrl] = process.argv.slice(2);
const ctx = openContext(ensureWorkspace(dir), 'verify');
try {
  await verifyLive(ctx, {
    sources: ['nppes'],
    concurrency: 2,
    ratePerSecond: 100,
    env: { CREDKIT_NPPES_API_URL: nppesUrl },
  });
} finally {
  ctx.close();
}
