import { CredkitCommand } from '../cli/base.js';
import { openContext } from '../pipeline/context.js';

export interface InitResult {
  workspace: string;
  sqlite: string;
  duckdb: string;
}

export default class Init extends CredkitCommand {
  static override summary = 'Create a workspace (database, exports, reports and logs folders).';
  static override description =
    'Safe to run again: an existing workspace is kept and its schema migrated to this version.';
  static override examples = [
    '<%= config.bin %> init --workspace ./credkit-data',
    'CREDKIT_WORKSPACE=/srv/credkit <%= config.bin %> init --json',
  ];

  async run(): Promise<InitResult> {
    const { flags } = await this.parse(Init);
    const ws = this.workspace(flags.workspace);
    const ctx = openContext(ws, 'init');
    ctx.close();
    this.info(`Workspace ready: ${ws.root}`);
    return { workspace: ws.root, sqlite: ws.sqlitePath, duckdb: ws.duckdbPath };
  }
}
