import type { EntityKind, ProviderRow } from '../model.js';
import type { RawFields } from '../sources/roster/mapping.js';
import type { RosterField } from '../sources/roster/profiles.js';
import { normalizeAddressLine } from '../transform/normalize/address.js';
import { mergeCredentials, normalizeCredentialText } from '../transform/normalize/credential.js';
import type { DateFormat } from '../transform/normalize/dates.js';
import { parseDate } from '../transform/normalize/dates.js';
import { normalizeEntityType } from '../transform/normalize/entity-type.js';
import { normalizeLicense } from '../transform/normalize/license.js';
import { repairMojibake } from '../transform/normalize/names.js';
import { normalizePhone } from '../transform/normalize/phone.js';
import { isAtypicalProviderType } from '../transform/normalize/provider-type.js';
import type { Normalized } from '../transform/normalize/result.js';
import { normalizeSex } from '../transform/normalize/sex.js';
import { normalizeState } from '../transform/normalize/state.js';
import { normalizeTaxonomy } from '../transform/normalize/taxonomy.js';
import { cleanText } from '../transform/normalize/text.js';
import { normalizeTin } from '../transform/normalize/tin.js';
import { normalizeZip } from '../transform/normalize/zip.js';
import { RowFindings, type RowPlace } from './findings.js';
import { isLicensedTaxonomy } from './licensed-taxonomy.js';
import {
  groupNpi,
  personName,
  primaryNpi,
  suffixText,
  type Designations,
} from './roster-identity.js';

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

/** `00000000`, `00/00/0000`: placeholder dates that stand for "none" (B14). */
const ZERO_DATE = /^[0\s/.-]+$/;

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
  // Each cell is cleaned once, so a repair is reported once however often the rules read it.
  const cells = new Map<RosterField, string | null>();
  const text = (field: RosterField): string | null => {
    if (!cells.has(field)) cells.set(field, repaired(field, cleanText(raw[field]), out, ctx));
    return cells.get(field) ?? null;
  };
  const name = (field: RosterField) => text(field)?.normalize('NFC') ?? null;
  const date = (field: RosterField) => {
    const value = text(field);
    if (value !== null && ZERO_DATE.test(value)) return null;
    return use(field, parseDate(value, ctx.dateFormats, ctx.label(field)));
  };
  const found: Designations = { credentials: [], suffix: null };
  const person = (field: RosterField) =>
    personName(field, name(field), found, out, ctx.label(field));

  const providerType = text('providerType');
  const kind = entityType(text('entityType'), providerType, text('orgName'), text('lastName'), use);
  const who = { entityType: kind, atypical: isAtypicalProviderType(providerType), ...ctx };
  const row: ProviderRow = {
    entityType: kind,
    npi: primaryNpi(text('npi'), who, out),
    lastName: person('lastName'),
    firstName: person('firstName'),
    middleName: name('middleName'),
    orgName: name('orgName'),
    credential: null,
    dob: checkBirthDate(date('dob'), out, ctx),
    sex: use('sex', normalizeSex(text('sex'))),
    taxonomy: use('taxonomy', normalizeTaxonomy(text('taxonomy'))),
    licenseNumber: use(
      'licenseNumber',
      normalizeLicense(text('licenseNumber'), ctx.label('licenseNumber')),
    ),
    licenseState: use(
      'licenseState',
      normalizeState(text('licenseState'), ctx.label('licenseState')),
    ),
    groupNpi: groupNpi(text('groupNpi'), ctx.label('groupNpi'), out),
    groupName: name('groupName'),
    address1: normalizeAddressLine(text('address1')),
    address2: normalizeAddressLine(text('address2')),
    city: name('city'),
    state: use('state', normalizeState(text('state'), ctx.label('state'))),
    zip: use('zip', normalizeZip(text('zip'))),
    phone: use('phone', normalizePhone(text('phone'))),
    effectiveDate: date('effectiveDate'),
    providerType,
    tin: use('tin', normalizeTin(text('tin'), ctx.label('tin'))),
    nameSuffix: suffixText(text('nameSuffix')) ?? found.suffix,
  };
  row.credential = mergeCredentials(
    normalizeCredentialText(text('credential')),
    ...found.credentials,
  );
  requireNames(row, out, ctx);
  requireLicenseState(row, out, ctx);
  return { row, findings: out.list, rejected: out.rejected };
}

/** A cleaned cell with double-encoded UTF-8 repaired once, noted as `W_MOJIBAKE_REPAIRED`. */
function repaired(
  field: RosterField,
  value: string | null,
  out: RowFindings,
  ctx: RuleContext,
): string | null {
  if (value === null) return null;
  const fixed = repairMojibake(value);
  if (fixed === null) return value;
  const message = `${ctx.label(field)} was UTF-8 decoded twice; repaired`;
  out.add('W_MOJIBAKE_REPAIRED', 'warning', field, message);
  return fixed;
}

/**
 * The declared entity type; else a `Provider Type` that spells one (`Individual`, `2`); else
 * inferred: an organisation name without a last name.
 */
function entityType(
  declared: string | null,
  providerType: string | null,
  orgName: string | null,
  lastName: string | null,
  use: <T>(field: RosterField, n: Normalized<T>) => T | null,
): EntityKind {
  const kind = use('entityType', normalizeEntityType(declared));
  if (kind) return kind;
  const fromType = normalizeEntityType(providerType);
  if (fromType.value && !fromType.issue) return fromType.value;
  return orgName !== null && lastName === null ? 'organization' : 'individual';
}

function checkBirthDate(dob: string | null, out: RowFindings, ctx: RuleContext): string | null {
  if (dob === null) return null;
  const label = ctx.label('dob');
  if (dob > ctx.today) {
    out.add('E_DATE', 'error', 'dob', `${label} is in the future`);
    return null;
  }
  if (Number(dob.slice(0, 4)) < EARLIEST_BIRTH_YEAR) {
    const message = `${label} is before ${EARLIEST_BIRTH_YEAR}; treated as unknown`;
    out.add('W_DATE', 'warning', 'dob', message);
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
      const message = `${ctx.label(field)} is required for an ${row.entityType}`;
      out.add('E_REQUIRED', 'error', field, message);
    }
  }
}

/**
 * An individual whose taxonomy is a licensed profession (`licensed-taxonomy.ts`) cannot be
 * verified without the licence state: `E_LICENSE_STATE_REQUIRED` rejects the row. Other rows
 * with a licence number but no state keep a `W_LICENSE_STATE` warning.
 */
function requireLicenseState(row: ProviderRow, out: RowFindings, ctx: RuleContext): void {
  if (row.licenseState !== null) return;
  const label = ctx.label('licenseState');
  if (row.entityType === 'individual' && isLicensedTaxonomy(row.taxonomy)) {
    const message = `${label} is required for the licensed taxonomy ${row.taxonomy}`;
    out.add('E_LICENSE_STATE_REQUIRED', 'error', 'licenseState', message);
  } else if (row.licenseNumber !== null) {
    const message = 'license number given without a license state';
    out.add('W_LICENSE_STATE', 'warning', 'licenseState', message);
  }
}
