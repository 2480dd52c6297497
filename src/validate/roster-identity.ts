/**
 * Identity rules of a roster row: its NPIs (one per cell, required for individuals unless the
 * provider type is atypical) and the credentials or suffixes typed into its name cells.
 */
import type { EntityKind } from '../model.js';
import type { RosterField } from '../sources/roster/profiles.js';
import { designationKey, splitDesignations } from '../transform/normalize/credential.js';
import { cleanText } from '../transform/normalize/text.js';
import type { RowFindings } from './findings.js';
import { npiIssue } from './npi-rules.js';

/** What the NPI rule needs to know of the row. */
export interface NpiSubject {
  entityType: EntityKind;
  atypical: boolean;
  label: (field: RosterField) => string;
}

/** Separators rosters use between several identifiers in one cell (reliability.md B15). */
const ID_SEPARATORS = /\s*(?:[;,&/|+]|\band\b)\s*|\s+/i;

/** How many NPI-like numbers (9 to 11 digits) a cell holds; placeholders do not count. */
export function npiCount(cell: string): number {
  return cell.split(ID_SEPARATORS).filter((t) => cleanText(t) !== null && /^\d{9,11}$/.test(t))
    .length;
}

/**
 * The provider's own NPI. Blank: an error for an individual (`E_NPI_REQUIRED`) unless the
 * provider type is atypical (then silent), a warning for an organisation. Several NPIs in one
 * cell are `E_NPI_MULTIPLE`, never one picked; a malformed one rejects the row. Whether the NPI
 * is an individual's (type 1) is only known from NPPES, at verify.
 */
export function primaryNpi(cell: string | null, who: NpiSubject, out: RowFindings): string | null {
  const label = who.label('npi');
  if (cell === null) {
    if (who.atypical) return null;
    if (who.entityType === 'individual') {
      const message = `${label} is required for an individual (blank only for atypical types)`;
      out.add('E_NPI_REQUIRED', 'error', 'npi', message);
    } else {
      out.add('W_NPI_MISSING', 'warning', 'npi', `${label} is blank`);
    }
    return null;
  }
  const n = npiCount(cell);
  if (n > 1) {
    out.add('E_NPI_MULTIPLE', 'error', 'npi', `${label} holds ${n} NPIs; give one per row`);
    return null;
  }
  const issue = npiIssue(cell, label);
  out.issue('npi', issue);
  return issue ? null : cell;
}

/** A bad group NPI does not make the provider's own row wrong: warn and drop it. */
export function groupNpi(cell: string | null, label: string, out: RowFindings): string | null {
  if (cell === null) return null;
  const n = npiCount(cell);
  if (n > 1) {
    out.add('W_GROUP_NPI', 'warning', 'groupNpi', `${label} holds ${n} NPIs; dropped`);
    return null;
  }
  const issue = npiIssue(cell, label);
  if (!issue) return cell;
  out.add('W_GROUP_NPI', 'warning', 'groupNpi', `${issue.message}; dropped`);
  return null;
}

/** Credentials and a suffix collected from the name cells of one row. */
export interface Designations {
  credentials: string[];
  suffix: string | null;
}

/**
 * A person's name cell without the credentials and suffix typed after the name
 * (`SMITH MD`, `Smith, Jr.`); what was taken off goes to `found`, with `W_NAME_SPLIT`.
 */
export function personName(
  field: RosterField,
  value: string | null,
  found: Designations,
  out: RowFindings,
  label: string,
): string | null {
  if (value === null) return null;
  const split = splitDesignations(value);
  if (split.name === value) return value;
  found.credentials.push(...split.credentials);
  found.suffix ??= split.suffix;
  const moved = [split.credentials.length ? 'Credential' : '', split.suffix ? 'Name Suffix' : '']
    .filter(Boolean)
    .join(' and ');
  out.add(
    'W_NAME_SPLIT',
    'warning',
    field,
    `${label} ended in a ${words(split)}; moved to ${moved}`,
  );
  return split.name;
}

function words(split: { credentials: string[]; suffix: string | null }): string {
  if (split.credentials.length && split.suffix) return 'credential and a suffix';
  return split.credentials.length ? 'credential' : 'suffix';
}

/** A name suffix column in the form the name cells give it (`Jr.` -> `JR`). */
export function suffixText(value: string | null): string | null {
  return value === null ? null : designationKey(value.replace(/\s+/g, ''));
}
