import { Flags } from '@oclif/core';
import { ExitCode } from '../errors.js';
import { CredkitCommand } from '../cli/base.js';
import { openContext } from '../pipeline/context.js';
import { DEFAULT_MAX_PER_FILE, exportBulk, type ExportResult } from '../pipeline/export.js';

export default class Export extends CredkitCommand {
  static override summary = 'Write active master records as FHIR R4 Bulk Data NDJSON.';
  static override description = `Writes <out>/<exportId>/ with <n>.<Type>.ndjson files per
resource type (Plan-Net Practitioner, PractitionerRole, Organization, Location,
OrganizationAffiliation; NDH VerificationResult; Provenance and the credkit Device) and a Bulk
Data manifest.json with output, deleted and error. Lines are minified, LF-terminated, sorted by
id; two exports of the same database differ only in meta.lastUpdated, Provenance.recorded and
transactionTime. Excluded and deactivated masters are left out; masters missing an element
Plan-Net requires are left out and reported as OperationOutcomes in the error files. The folder
appears only once complete and, unless --no-validate, once every line has passed the checks of
credkit validate.

--since last (or a FHIR instant) writes only resources whose content changed since the last
complete export (or the last one at or before the instant), lists resources gone since then in
deleted (one transaction Bundle with a DELETE request per line) and adds _since to request. The
watermark moves only when an export completes. --since last with no earlier export writes a full
export. --gzip writes .ndjson.gz files.

Without --base-url, the manifest's request is urn:credkit:export/$export?_type=... and each
output url is the file name relative to the manifest. With --base-url, both are absolute under
that URL (where the folder will be served).

Screening fails closed: a master that NPPES, LEIE or SAM has not screened (no check, or
source-unavailable) is left out and named in the error file.

Exit codes: 0 done; 1 unexpected failure or an export that failed its checks; 2 usage error
(bad flag, unusable --out, no master records yet); 3 done, but masters were held back as not
fully screened; 4 another run holds the workspace.`;

  static override examples = [
    '<%= config.bin %> export --workspace ./credkit-demo',
    '<%= config.bin %> export --workspace ./credkit-demo --out ./outbox ' +
      '--base-url https://files.example.org/bulk --json',
    '<%= config.bin %> export --workspace ./credkit-demo --since last --gzip',
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
    since: Flags.string({
      summary: 'Incremental: "last" (the watermark) or a FHIR instant.',
    }),
    gzip: Flags.boolean({ summary: 'Write .ndjson.gz files.', default: false }),
    'agency-name': Flags.string({
      summary: 'Name of the state agency Organization (validator and custodian).',
      default: 'State Medicaid Agency',
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
        since: flags.since,
        gzip: flags.gzip,
        agencyName: flags['agency-name'],
      });
      this.info(renderSummary(result));
      if (result.unscreened > 0) this.setExit(ExitCode.incomplete);
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
    `Left out: ${r.excluded} excluded or deactivated masters, ${r.unscreened} not fully ` +
      `screened; ${r.errors} problems in error files`,
    ...(r.since ? [`Since ${r.since}: ${r.deleted} deleted`] : []),
    `Manifest: ${r.manifest}`,
  ].join('\n');
}
