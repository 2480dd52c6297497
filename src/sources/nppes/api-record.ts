import { isRecord } from '../http/classify.js';

/** One NPPES API v2.1 result, normalised across the type drift of sources.md 1.4. */
export interface NppesApiRecord {
  npi: string;
  /** `1` individual, `2` organisation (from `enumeration_type` NPI-1 / NPI-2), else null. */
  entityType: '1' | '2' | null;
  status: string | null;
  lastName: string | null;
  firstName: string | null;
  orgName: string | null;
  credential: string | null;
  sex: string | null;
  deactivationDate: string | null;
  reactivationDate: string | null;
  lastUpdateDate: string | null;
  createdAt: string | null;
  lastUpdatedAt: string | null;
  taxonomies: { code: string | null; primary: boolean; state: string | null }[];
  location: NppesAddress | null;
  mailing: NppesAddress | null;
}

export interface NppesAddress {
  address1: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
}

/** Placeholder values NPPES uses for "nothing here" (B14). */
const PLACEHOLDERS = new Set(['', '--', '<UNAVAIL>', 'N/A']);

/** A trimmed string, or null for absent values and placeholders; numbers become strings. */
export function text(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return PLACEHOLDERS.has(t.toUpperCase()) ? null : t;
}

/**
 * An epoch as ISO time, whatever its form: a number or a digit string, seconds or milliseconds
 * told apart by magnitude (>= 10^12 is ms; B20).
 */
export function epoch(v: unknown): string | null {
  const raw = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v.trim()) : v;
  if (typeof raw !== 'number' || !Number.isFinite(raw) || raw <= 0) return null;
  const ms = raw >= 1e12 ? raw : raw * 1000;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** `YYYY-MM-DD` or `MM/DD/YYYY` as ISO date; anything else null. */
export function isoDate(v: unknown): string | null {
  const t = text(v);
  if (!t) return null;
  let m = /^(\d{4})-(\d{2})-(\d{2})/.exec(t);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  m = /^(\d{2})[/-](\d{2})[/-](\d{4})$/.exec(t);
  return m ? `${m[3]}-${m[1]}-${m[2]}` : null;
}

/** Reads one element of `results[]`; null when it has no usable NPI. */
export function parseNppesResult(r: unknown): NppesApiRecord | null {
  if (!isRecord(r)) return null;
  const npi = text(r.number);
  if (!npi || !/^\d{10}$/.test(npi)) return null;
  const basic = isRecord(r.basic) ? r.basic : {};
  const addresses = Array.isArray(r.addresses) ? r.addresses.filter(isRecord) : [];
  return {
    npi,
    entityType: entityType(r.enumeration_type),
    status: text(basic.status),
    lastName: text(basic.last_name),
    firstName: text(basic.first_name),
    orgName: text(basic.organization_name),
    credential: text(basic.credential),
    sex: text(basic.sex) ?? text(basic.gender),
    deactivationDate: isoDate(basic.deactivation_date),
    reactivationDate: isoDate(basic.reactivation_date),
    lastUpdateDate: isoDate(basic.last_updated),
    createdAt: epoch(r.created_epoch),
    lastUpdatedAt: epoch(r.last_updated_epoch),
    taxonomies: (Array.isArray(r.taxonomies) ? r.taxonomies.filter(isRecord) : []).map((t) => ({
      code: text(t.code),
      primary: t.primary === true,
      state: text(t.state),
    })),
    location: address(addresses, 'LOCATION'),
    mailing: address(addresses, 'MAILING'),
  };
}

function entityType(v: unknown): '1' | '2' | null {
  const t = text(v)?.toUpperCase();
  if (t === 'NPI-1' || t === '1') return '1';
  if (t === 'NPI-2' || t === '2') return '2';
  return null;
}

/** Addresses are picked by `address_purpose`, never by position (live data varies the order). */
function address(list: Record<string, unknown>[], purpose: string): NppesAddress | null {
  const a = list.find((x) => text(x.address_purpose)?.toUpperCase() === purpose);
  if (!a) return null;
  return {
    address1: text(a.address_1),
    city: text(a.city),
    state: text(a.state),
    postalCode: text(a.postal_code),
  };
}
