import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { usageError } from '../errors.js';
import { inspectExportDir, inspectNdjsonFile } from '../validate/ndjson.js';

/** One problem `credkit validate` found. */
export interface ValidationProblem {
  file: string;
  line: number | null;
  resourceType: string | null;
  id: string | null;
  /** Stable id of the broken rule (`count`, `schema`, `pd-1`, `us-core-17`, `no-pii`...). */
  rule: string;
  message: string;
}

/** Result of `credkit validate` (also its `--json`). */
export interface ValidationResult {
  path: string;
  /** NDJSON files read. */
  files: number;
  /** Lines that parsed as JSON. */
  resources: number;
  problems: ValidationProblem[];
  valid: boolean;
}

/**
 * Validates an export folder (manifest plus files, credkit's or another system's) or a single
 * NDJSON file: structure, FHIR R4 schema, and the Plan-Net / NDH / no-PII rules of the profiles
 * each resource declares. A path that does not exist or is neither a file nor a folder is a
 * usage error (exit 2).
 */
export function validateExport(path: string): ValidationResult {
  const full = resolve(path);
  if (!existsSync(full)) throw usageError('E_NO_PATH', `no such file or folder: ${path}`);
  const stat = statSync(full);
  if (!stat.isDirectory() && !stat.isFile()) {
    throw usageError('E_NO_PATH', `not a file or folder: ${path}`);
  }
  const opts = { schema: true, profiles: true };
  const summary = stat.isDirectory() ? inspectExportDir(full, opts) : inspectNdjsonFile(full, opts);
  if (stat.isDirectory() && summary.problems.some((p) => p.code === 'manifest')) {
    const why = summary.problems.find((p) => p.code === 'manifest')?.message;
    throw usageError('E_NO_MANIFEST', `no readable manifest.json in ${path}: ${why}`, {
      file: 'manifest.json',
    });
  }
  const problems = summary.problems.map((p) => ({
    file: p.file,
    line: p.line ?? null,
    resourceType: p.resourceType ?? null,
    id: p.id ?? null,
    rule: p.code,
    message: p.message,
  }));
  return {
    path: full,
    files: summary.files,
    resources: summary.resources,
    problems,
    valid: !problems.length,
  };
}
