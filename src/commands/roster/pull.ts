import { Flags } from '@oclif/core';
import { CredkitCommand } from '../../cli/base.js';
import { ExitCode } from '../../errors.js';
import { openContext } from '../../pipeline/context.js';
import { pullRoster, type PullResult } from '../../pipeline/pull-roster.js';
import { Progress } from '../../progress.js';

export default class RosterPull extends CredkitCommand {
  static override summary = 'Pull a roster from a FHIR server with Bulk Data $export.';
  static override description = `Starts a FHIR Bulk Data export of Practitioner, \
PractitionerRole, Organization and Location from --url (or one Group with --group), polls \
it honouring Retry-After, downloads the NDJSON files in parallel and loads them: one batch per \
Practitioner or Organization file, joined with the roles, organisations and locations of the \
whole export. Progress is saved under <workspace>/pulls/<id>/, so --resume continues a killed \
pull without a new export and without fetching completed files again.

With --client-id and --private-key (PEM, RSA for RS384 or EC P-384 for ES384) requests carry a \
SMART Backend Services token; the key is read from the file and never printed or logged.

Exit codes:
  0  pulled and loaded
  1  the server refused or failed the export, or stayed unavailable after retries
  2  bad flags, unreadable key, unusable manifest, or nothing to --resume
  3  incomplete: the manifest lists errors, or a file could not be fetched (E_BULK_EXPIRED)
  4  another run holds the workspace lock`;

  static override examples = [
    '<%= config.bin %> roster pull --url https://dir.example/fhir',
    '<%= config.bin %> roster pull --url https://dir.example/fhir --group net1 --json',
    '<%= config.bin %> roster pull --url https://dir.example/fhir --since 2026-02-01T00:00:00Z',
    '<%= config.bin %> roster pull --url https://dir.example/fhir --client-id credkit ' +
      '--private-key ./credkit.pem --kid k1',
    '<%= config.bin %> roster pull --url https://dir.example/fhir --resume',
  ];

  static override flags = {
    url: Flags.string({ summary: 'FHIR base URL of the server.', required: true }),
    type: Flags.string({
      summary: 'Resource types to export (comma separated).',
      default: 'Practitioner,PractitionerRole,Organization,Location',
    }),
    group: Flags.string({ summary: 'Export the members of this Group id (Group/[id]/$export).' }),
    since: Flags.string({ summary: 'Only resources changed since this FHIR instant.' }),
    'client-id': Flags.string({
      summary: 'SMART Backend Services client id.',
      dependsOn: ['private-key'],
    }),
    'private-key': Flags.file({
      summary: 'PEM private key file that signs the client assertion.',
      dependsOn: ['client-id'],
    }),
    kid: Flags.string({ summary: 'Key id (kid header) of the client assertion.' }),
    'token-url': Flags.string({
      summary: 'Token endpoint. Default: from .well-known/smart-configuration.',
    }),
    scope: Flags.string({ summary: 'Scope requested with the token.', default: 'system/*.read' }),
    resume: Flags.boolean({ summary: 'Continue the newest unfinished pull of --url.' }),
    concurrency: Flags.integer({ summary: 'Parallel file downloads (1-32).', default: 4 }),
  };

  async run(): Promise<PullResult> {
    const { flags } = await this.parse(RosterPull);
    const ws = this.workspace(flags.workspace);
    const ctx = openContext(ws, 'roster pull');
    const progress = new Progress('roster pull', !this.jsonEnabled() && process.stderr.isTTY);
    const clientId = flags['client-id'];
    const privateKeyPath = flags['private-key'];
    let result: PullResult;
    let lastMessage = '';
    try {
      result = await pullRoster(ctx, {
        url: flags.url,
        types: flags.type
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
        group: flags.group,
        since: flags.since,
        auth:
          clientId && privateKeyPath
            ? {
                clientId,
                privateKeyPath,
                kid: flags.kid,
                tokenUrl: flags['token-url'],
                scope: flags.scope,
              }
            : undefined,
        resume: flags.resume,
        concurrency: flags.concurrency,
        onProgress: (message) => {
          // Server progress is free text; a line per change, on a terminal only.
          if (message !== lastMessage) progress.done((lastMessage = message));
        },
      });
    } finally {
      ctx.close();
    }
    progress.done(`${result.files.length} files`);
    this.summarise(result);
    if (result.incomplete) this.setExit(ExitCode.incomplete);
    return result;
  }

  private summarise(r: PullResult): void {
    this.info(`Pull      ${r.pullId}`);
    this.info(`As of     ${r.transactionTime ?? '(not given)'}`);
    for (const f of r.files)
      this.info(`  ${f.type.padEnd(18)} ${String(f.count).padStart(8)}  ${f.path}`);
    for (const b of r.batches) {
      const { read, loaded, rejected, skipped } = b.rows;
      this.info(
        `Batch     ${b.batchId}: read ${read}, loaded ${loaded}, ` +
          `rejected ${rejected}, skipped ${skipped}`,
      );
    }
    if (r.incomplete) this.info(`Manifest lists ${r.errors.length} error file(s): exit 3.`);
  }
}
