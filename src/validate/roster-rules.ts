import type { EntityKind, ProviderRow } from '../model.js';
import type { RawFields } from '../sources/roster/mapping.js';
import type { RosterField } from '../sources/roster/profiles.js';
import type { DateFormat } from '../transform/normalize/dates.js';
import { parseDate } from '../transform/normalize/dates.js';
import { normalizeEntityType } from '../transform/normalize/entity-type.js';
import { normalizeName } from '../transform/normalize/names.js';
import { normalizePhone } from '../transform/normalize/phone.js';
import type { Normalized } from '../transform/normalize/result.js';
import { normalizeSex } from '../transform/normalize/sex.js';
import { normalizeState } from '../transform/normalize/state.js';
import { normalizeTaxonomy } from '../transform/normalize/taxonomy.js';
import { cleanText } from '../transform/normalize/text.js';
import { normalizeZip } from '../transform/normalize/zip.js';
import { RowFindings, type RowPlace } from './findings.js';
import { npiIssue } from './npi-rules.js';

/** What the rules need besides the row: column names for messages and the date layouts. */
export interface RuleContext {
  label: (field: RosterField) => string;
  dateFormats: readonly DateFormat[];
  /** ISO date of "today", for dates of birth in the future. */
  today: string;
}

/** A normalised row, its findings, and whether an error finding rejects it. */
export interface RowOutcome {
  row: ProviderRow;
  findings: RowFindings['list'];
  rejected: boolean;
}

/** Dates of birth before this year are sentinels (`1800-12-27`), not people (B12). */
const EARLIEST_BIRTH_YEAR = 1900;

/**
 * Normalises and validates one mapped roster record. Errors (`E_*`) reject the row; warnings
 * (`W_*`) keep it, with the offending value dropped or kept as each rule says. Messages name
 * columns, never personal values.
 */
export function checkRosterRow(raw: RawFields, place: RowPlace, ctx: RuleContext): RowOutcome {
  const out = new RowFindings(place);
  const use = <T>(field: RosterField, n: Normalized<T>): T | null => {
    out.issue(field, n.issue);
    return n.value;
  };
  const text = (field: RosterField) => cleanText(raw[field]);
  const name = (field: RosterField) => normalizeName(raw[field]);
  const date = (field: RosterField) =>
    use(field, parseDate(text(field), ctx.dateFormats, ctx.label(field)));

  const row: ProviderRow = {
    entityType: entityType(raw, use),
    npi: primaryNpi(text('npi'), out, ctx),
    lastName: name('lastName'),
    firstName: name('firstName'),
    middleName: name('middleName'),
    orgName: name('orgName'),
    credential: text('credential'),
    dob: checkBirthDate(date('dob'), out, ctx),
    sex: use('sex', normalizeSex(text('sex'))),
    taxonomy: use('taxonomy', normalizeTaxonomy(text('taxonomy'))),
    licenseNumber: text('licenseNumber'),
    licenseState: use(
      'licenseState',
      normalizeState(text('licenseState'), ctx.label('licenseState')),
    ),
    groupNpi: groupNpi(text('groupNpi'), out, ctx),
    groupName: name('groupName'),
    address1: text('address1'),
    address2: text('address2'),
    city: text('city'),
    state: use('state', normalizeState(text('state'), ctx.label('state'))),
    zip: use('zip', normalizeZip(text('zip'))),
    phone: use('phone', normalizePhone(text('phone'))),
    effectiveDate: date('effectiveDate'),
  };
  requireNames(row, out, ctx);
  if (row.licenseNumber !== null && row.licenseState === null) {
    out.add(
      'W_LICENSE_STATE',
      'warning',
      'licenseState',
      'license number given without a license state',
    );
  }
  return { row, findings: out.list, rejected: out.rejected };
}

/** The declared entity type, else inferred: an organisation name without a last name. */
function entityType(
  raw: RawFields,
  use: <T>(field: RosterField, n: Normalized<T>) => T | null,
): EntityKind {
  const declared = use('entityType', normalizeEntityType(cleanText(raw.entityType)));
  if (declared) return declared;
  const orgOnly = cleanText(raw.orgName) !== null && cleanText(raw.lastName) === null;
  return orgOnly ? 'organization' : 'individual';
}

/**
 * A blank NPI is allowed (atypical providers have none; verify reports `no-npi`), with a
 * warning. A present but unusable NPI rejects the row.
 */
function primaryNpi(npi: string | null, out: RowFindings, ctx: RuleContext): string | null {
  if (npi === null) {
    out.add('W_NPI_MISSING', 'warning', 'npi', `${ctx.label('npi')} is blank`);
    return null;
  }
  const issue = npiIssue(npi, ctx.label('npi'));
  out.issue('npi', issue);
  return issue ? null : npi;
}

/** A bad group NPI does not make the provider's own row wrong: warn and drop it. */
function groupNpi(npi: string | null, out: RowFindings, ctx: RuleContext): string | null {
  if (npi === null) return null;
  const issue = npiIssue(npi, ctx.label('groupNpi'));
  if (!issue) return npi;
  out.add('W_GROUP_NPI', 'warning', 'groupNpi', `${issue.message}; dropped`);
  return null;
}

function checkBirthDate(dob: string | null, out: RowFindings, ctx: RuleContext): string | null {
  if (dob === null) return null;
  const label = ctx.label('dob');
  if (dob > ctx.today) {
    out.add('E_DATE', 'error', 'dob', `${label} is in the future`);
    return null;
  }
  if (Number(dob.slice(0, 4)) < EARLIEST_BIRTH_YEAR) {
    out.add(
      'W_DATE',
      'warning',
      'dob',
      `${label} is before ${EARLIEST_BIRTH_YEAR}; treated as unknown`,
    );
    return null;
  }
  return dob;
}

/** Individuals need a last and first name; organisations need the organisation name. */
function requireNames(row: ProviderRow, out: RowFindings, ctx: RuleContext): void {
  const needed: RosterField[] =
    row.entityType === 'individual' ? ['lastName', 'firstName'] : ['orgName'];
  for (const field of needed) {
    if (row[field] === null) {
      out.add(
        'E_REQUIRED',
        'error',
        field,
        `${ctx.label(field)} is required for an ${row.entityType}`,
      );
    }
  }
}
