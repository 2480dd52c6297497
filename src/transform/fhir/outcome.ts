import { sha256 } from '../dedupe/keys.js';

export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  id: string;
  issue: {
    severity: 'error' | 'warning';
    code: 'required' | 'invariant';
    diagnostics: string;
    expression: string[];
  }[];
}

/** Where a master's data came from, for an outcome a steward can trace to the roster. */
export interface RowPlace {
  file: string;
  line: number;
}

/** Something the export left out or changed, and the roster lines behind it. */
export interface ExportIssue {
  severity: 'error' | 'warning';
  code: 'required' | 'invariant';
  masterId: string;
  /** FHIRPath of the missing or broken element, e.g. `Organization.address`. */
  element: string;
  message: string;
  places: RowPlace[];
}

/** Lines cited per outcome; a master merged from hundreds of rows names the first few. */
const MAX_PLACES = 5;

/**
 * An issue as an OperationOutcome for the manifest's `error` files. The diagnostics name the
 * master id and roster file and line, never a personal value.
 */
export function toOperationOutcome(issue: ExportIssue): OperationOutcome {
  const cited = issue.places.slice(0, MAX_PLACES).map((p) => `${p.file} line ${p.line}`);
  const more =
    issue.places.length > MAX_PLACES ? ` and ${issue.places.length - MAX_PLACES} more` : '';
  const from = cited.length ? `; roster ${cited.join(', ')}${more}` : '';
  const key = `${issue.masterId}|${issue.element}|${issue.message}`;
  return {
    resourceType: 'OperationOutcome',
    id: `oo-${sha256(key).slice(0, 16)}`,
    issue: [
      {
        severity: issue.severity,
        code: issue.code,
        diagnostics: `master ${issue.masterId}: ${issue.message}${from}`,
        expression: [issue.element],
      },
    ],
  };
}
