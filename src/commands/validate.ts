import { Args } from '@oclif/core';
import { CredkitCommand } from '../cli/base.js';
import { ExitCode } from '../errors.js';
import { validateExport, type ValidationResult } from '../pipeline/validate-export.js';

export default class Validate extends CredkitCommand {
  static override summary = 'Check a FHIR Bulk export folder or NDJSON file against credkit rules.';
  static override description = `PATH is an export folder (manifest.json plus NDJSON files, from
credkit or another system) or one NDJSON file. Checks: one JSON resource per line, no blank
lines, one resourceType per file, manifest shape and counts, deleted files hold transaction
Bundles of DELETE requests and error files OperationOutcomes, deleted and output do not overlap,
references resolve within the folder (not on _since exports), the FHIR R4 JSON schema, and the
Plan-Net / NDH rules of each declared profile (active fixed true, Location status active,
required elements, identifier system and value, us-core-16/17 on NPIs, PractitionerRole pd-1,
VerificationResult required elements), and no birthDate, SSN or TIN anywhere. .ndjson.gz files
are read too. Each problem names file, line, resourceType, id, rule and message.

Reads only; needs no workspace.

Exit codes: 0 valid; 3 problems found; 2 PATH missing or unreadable (or a folder without a
readable manifest.json); 1 unexpected failure.`;

  static override examples = [
    '<%= config.bin %> validate ./credkit-demo/exports/e-20260301T040000Z',
    '<%= config.bin %> validate ' +
      './credkit-demo/exports/e-20260301T040000Z/1.Practitioner.ndjson --json',
  ];

  static override args = {
    path: Args.string({ description: 'Export folder or NDJSON file.', required: true }),
  };

  async run(): Promise<ValidationResult> {
    const { args } = await this.parse(Validate);
    const result = validateExport(args.path);
    if (!this.jsonEnabled()) {
      for (const p of result.problems) {
        const at = p.line === null ? p.file : `${p.file}:${p.line}`;
        const who = p.resourceType ? ` ${p.resourceType}/${p.id ?? '?'}` : '';
        this.log(`${at}${who} [${p.rule}] ${p.message}`);
      }
    }
    const verdict = result.valid ? 'valid' : `${result.problems.length} problems`;
    this.info(`${result.files} files, ${result.resources} resources: ${verdict}`);
    this.setExit(result.valid ? ExitCode.ok : ExitCode.incomplete);
    return result;
  }
}
