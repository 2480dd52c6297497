import { Flags } from '@oclif/core';
import { CredkitCommand } from '../cli/base.js';
import { openContext } from '../pipeline/context.js';
import { DEFAULT_MAX_PER_FILE, exportBulk, type ExportResult } from '../pipeline/export.js';

export default class Export extends CredkitCommand {
  static override summary = 'Write active master records as FHIR R4 Bulk Data NDJSON.';
  static override description = `Writes <out>/<exportId>/ with one <n>.<Type>.ndjson file per
resource type (Practitioner, PractitionerRole, Organization; Da Vinci Plan-Net profiles) and a
Bulk Data manifest.json. Lines are minified, LF-terminated, sorted by id; two exports of the same
database differ only in meta.lastUpdated and transactionTime. Excluded and deactivated masters
are left out. The folder appears only once complete and, unless --no-validate, once every line
has passed the NDJSON checks and the FHIR R4 JSON schema.

Without --base-url, the manifest's request is urn:credkit:export/$export?_type=... and each
output url is the file name relative to the manifest. With --base-url, both are absolute under
that URL (where the folder will be served).

Exit codes: 0 done; 1 unexpected failure or an export that failed its checks; 2 usage error
(bad flag, unusable --out, no master records yet); 4 another run holds the workspace.`;

  static override examples = [
    '<%= config.bin %> export --workspace ./credkit-demo',
    '<%= config.bin %> export --workspace ./credkit-demo --out ./outbox ' +
      '--base-url https://files.example.org/bulk --json',
  ];

  static override flags = {
    out: Flags.string({
      char: 'o',
      summary: 'Folder to write the export folder into (default: <workspace>/exports).',
    }),
    'base-url': Flags.string({
      summary: 'Absolute URL the export folder will be served from.',
    }),
    'max-per-file': Flags.integer({
      summary: 'Resources per NDJSON file before a type is split.',
      default: DEFAULT_MAX_PER_FILE,
      min: 1,
    }),
    validate: Flags.boolean({
      summary: 'Check lines, counts, references and the FHIR R4 schema before publishing.',
      default: true,
      allowNo: true,
    }),
  };

  async run(): Promise<ExportResult> {
    const { flags } = await this.parse(Export);
    const ctx = openContext(this.workspace(flags.workspace), 'export');
    try {
      const result = await exportBulk(ctx, {
        outDir: flags.out,
        baseUrl: flags['base-url'],
        maxPerFile: flags['max-per-file'],
        validate: flags.validate,
      });
      this.info(renderSummary(result));
      return result;
    } finally {
      ctx.close();
    }
  }
}

function renderSummary(r: ExportResult): string {
  const counts = Object.entries(r.resources)
    .map(([type, n]) => `${type} ${n}`)
    .join(', ');
  return [
    `Export ${r.exportId}: ${counts}`,
    `Left out: ${r.excluded} excluded or deactivated masters`,
    `Manifest: ${r.manifest}`,
  ].join('\n');
}
