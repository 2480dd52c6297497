import { sha256 } from '../../hash.js';
import { isValidNpi } from '../npi.js';
import type { MasterKind, MatchRule, MemberRow } from './record.js';

/**
 * Foundation match keys. A key is the whole explanation of a merge: rows share a master exactly
 * when they share a key, and the key's prefix names the rule that put them together.
 */
export interface MatchKey {
  kind: MasterKind;
  rule: MatchRule;
  key: string;
  /** The NPI the key is built on, when it is one. */
  npi: string | null;
}

/** What the rules need to know about the whole roster, beyond one row. */
export interface KeyContext {
  /** Valid NPIs carried by organisation rows (type-2 NPIs as far as the roster knows). */
  orgRowNpis: ReadonlySet<string>;
}

export function matchKey(row: MemberRow, ctx: KeyContext): MatchKey {
  return row.entityType === 'organization' ? organizationKey(row) : practitionerKey(row, ctx);
}

/**
 * Practitioners merge on a Luhn-valid NPI, unless an organisation row carries the same NPI: a
 * type-2 NPI must never pull individuals together. Without an NPI, name + DOB must all be
 * present; otherwise the row stays alone.
 */
export function practitionerKey(row: MemberRow, ctx: KeyContext): MatchKey {
  if (isValidNpi(row.npi) && !ctx.orgRowNpis.has(row.npi)) {
    return { kind: 'practitioner', rule: 'npi', key: `npi:${row.npi}`, npi: row.npi };
  }
  const last = normalizeName(row.lastName);
  const first = normalizeName(row.firstName);
  if (last && first && row.dob) {
    // Hashed so the key column never holds a name or a DOB in clear.
    const digest = sha256(`${last}|${first}|${row.dob}`);
    return { kind: 'practitioner', rule: 'name-dob', key: `name-dob:${digest}`, npi: null };
  }
  return { kind: 'practitioner', rule: 'row', key: rowKeyOf(row), npi: null };
}

export function organizationKey(row: MemberRow): MatchKey {
  if (isValidNpi(row.npi)) return groupKey(row.npi);
  return { kind: 'organization', rule: 'row', key: rowKeyOf(row), npi: null };
}

/** The key of the organisation behind a group NPI; the same key an organisation row gets. */
export function groupKey(npi: string): MatchKey {
  return { kind: 'organization', rule: 'org-npi', key: `org-npi:${npi}`, npi };
}

function rowKeyOf(row: MemberRow): string {
  return `row:${row.batchId}:${row.recordNo}`;
}

/** Upper-case ASCII letters only: accents folded, punctuation, spaces and digits dropped. */
export function normalizeName(value: string | null): string {
  if (!value) return '';
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z]/g, '');
}

/**
 * A new master's id, derived from its key so that the same roster loaded in any order gets the
 * same ids. 16 hex digits keep ids short; a collision is caught by the primary key.
 */
export function masterIdFor(kind: MasterKind, key: string): string {
  return `${kind === 'practitioner' ? 'p' : 'o'}-${sha256(key).slice(0, 16)}`;
}

export { sha256 };
