import { Flags } from '@oclif/core';
import { CredkitCommand } from '../cli/base.js';
import { ExitCode, usageError } from '../errors.js';
import { demoConfig, loadConfig } from '../config.js';
import { openContext } from '../pipeline/context.js';
import { runPipeline, type RunResult } from '../pipeline/run.js';

export default class Run extends CredkitCommand {
  static override summary =
    'Run the whole pipeline: load, import sources, verify, dedupe, export, report.';
  static override description = `The nightly job. Reads a config file (rosters and source files),
or uses the bundled sample data with --demo. Each stage is idempotent on the workspace, so a run
that was killed is simply started again. Only one run holds a workspace at a time.

Config (credkit.config.json, paths relative to the file):
  { "rosters": ["plan-a.csv"],
    "sources": { "nppes": "npidata_pfile_20050523-20261109.csv", "leie": "UPDATED.csv",
                 "sam": "SAM_Exclusions_Public_Extract_V2_26306.csv" },
    "maxRejectRate": 0.05, "maxSnapshotAgeDays": 35 }

Exit codes: 0 done (rejected rows are findings, not failures); 1 unexpected failure;
2 usage or config error, or an unreadable input file; 3 done but incomplete (reject rate over
the limit, a stale LEIE/SAM snapshot, or checks that could not reach their source);
4 another run holds the workspace.`;

  static override examples = [
    '<%= config.bin %> run --demo --workspace ./credkit-demo',
    '<%= config.bin %> run --config credkit.config.json --json',
  ];

  static override flags = {
    config: Flags.string({ char: 'c', summary: 'Run configuration file.', exclusive: ['demo'] }),
    demo: Flags.boolean({ summary: 'Use the bundled sample data in fixtures/demo.' }),
  };

  async run(): Promise<RunResult> {
    const { flags } = await this.parse(Run);
    if (!flags.config && !flags.demo) {
      throw usageError('E_USAGE', 'give --config FILE or --demo');
    }
    const config = flags.demo ? demoConfig() : loadConfig(flags.config!);
    const ctx = openContext(this.workspace(flags.workspace), 'run');
    try {
      const result = await runPipeline(ctx, config, (stage) => this.stage(stage));
      this.info(renderSummary(result));
      if (result.incomplete.length) this.setExit(ExitCode.incomplete);
      return result;
    } finally {
      ctx.close();
    }
  }

  private stage(name: string): void {
    if (!this.jsonEnabled() || process.stderr.isTTY) process.stderr.write(`· ${name}\n`);
  }
}

function renderSummary(r: RunResult): string {
  const list = (counts: Record<string, number>): string =>
    Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || 'none';
  const checks = Object.entries(r.bySource).map(([s, c]) => `${s.padEnd(6)} ${list(c)}`);
  const lines = [
    `Run ${r.runId} in ${r.workspace}`,
    `Rows:      read ${r.rows.read}, loaded ${r.rows.loaded}, rejected ${r.rows.rejected}, ` +
      `skipped ${r.rows.skipped} (blank)` +
      (r.rostersUnchanged ? ` (${r.rostersUnchanged} roster file(s) loaded before)` : ''),
    `Checks:    ${checks.join('\n           ')}`,
    `Masters:   ${r.masters} (${r.notExported} not exported: excluded or deactivated)`,
    `Exported:  ${list(r.resources)}`,
    `Export:    ${r.manifest}`,
    `Report:    ${r.reportPath}`,
  ];
  for (const why of r.incomplete) lines.push(`Incomplete: ${why}`);
  return lines.join('\n');
}
