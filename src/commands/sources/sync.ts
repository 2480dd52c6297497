import { Flags } from '@oclif/core';
import { CredkitCommand } from '../../cli/base.js';
import { loadConfig } from '../../config.js';
import { usageError } from '../../errors.js';
import { openContext } from '../../pipeline/context.js';
import { syncSources, type SyncResult } from '../../pipeline/sync-sources.js';
import { Progress } from '../../progress.js';

export default class SourcesSync extends CredkitCommand {
  static override summary =
    'Download the official source files named in the config and import them.';
  static override description = `For each entry of the config's "sync" block ({"<name>": {"url", \
"kind", "sha256"?, "fileName"?, "apiKeyEnv"?, "apiKeyIn"?}}) downloads the file into \
<workspace>/downloads/<name>/ and imports it as "sources import <kind>" would (zips unpacked). \
Downloads resume from <name>.part (Range with If-Range); 408, 429 and 5xx replies and dropped \
connections are retried with backoff, honouring Retry-After. With "sha256" the file must match \
(E_CHECKSUM, kept as .bad). A file the server reports unchanged (ETag / Last-Modified) or whose \
hash equals the last import is not imported again. API keys come from the environment variable \
that apiKeyEnv names (SAM: SAM_API_KEY) and never appear in output or logs.

Each entry succeeds or fails on its own: a failed download leaves the others imported.

Exit codes:
  0  every entry imported or unchanged
  2  no config, or no "sync" block in it, or an unknown name in --only
  3  at least one entry failed (download, checksum, import, or an update older than applied)
  4  another run holds the workspace lock`;

  static override examples = [
    '<%= config.bin %> sources sync --config credkit.config.json',
    'SAM_API_KEY=... <%= config.bin %> sources sync --config credkit.config.json --only sam --json',
  ];

  static override flags = {
    config: Flags.string({
      char: 'c',
      summary: 'Run configuration file with a "sync" block.',
      default: 'credkit.config.json',
    }),
    only: Flags.string({ summary: 'Comma-separated entry names to sync (default: all).' }),
  };

  async run(): Promise<SyncResult> {
    const { flags } = await this.parse(SourcesSync);
    const config = loadConfig(flags.config);
    const entries = config.sync ?? {};
    if (Object.keys(entries).length === 0) {
      throw usageError('E_NO_SYNC', 'the config has no "sync" entries', { file: flags.config });
    }
    const only = flags.only
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = only?.filter((n) => !(n in entries)) ?? [];
    if (unknown.length)
      throw usageError('E_USAGE', `--only names unknown entries: ${unknown.join(', ')}`);
    const ctx = openContext(this.workspace(flags.workspace), 'sources sync');
    const progress = new Progress('sync', !this.jsonEnabled() && process.stderr.isTTY);
    let result: SyncResult;
    try {
      result = await syncSources(ctx, entries, {
        only,
        onProgress: (_name, bytes, total) => progress.tick(bytes, total),
      });
    } finally {
      ctx.close();
    }
    progress.done('finished');
    const failed = Object.values(result.sources).some((s) => s.status === 'failed');
    if (failed) this.setExit(3);
    this.info(summary(result));
    return result;
  }
}

function summary(r: SyncResult): string {
  return Object.entries(r.sources)
    .map(([name, s]) => {
      const detail = s.error ? `${s.error.code} ${s.error.message}` : (s.snapshotId ?? '');
      return `${name}: ${s.status} ${detail}`.trimEnd();
    })
    .join('\n');
}
