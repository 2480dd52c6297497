import { startFaultServer, type FaultServer } from './fault-server.js';

/** Overrides for a fixture record: names, entity type, taxonomy, deactivation. */
export interface NppesFixture {
  npi: string;
  type?: 'NPI-1' | 'NPI-2';
  lastName?: string;
  firstName?: string;
  orgName?: string;
  taxonomy?: string;
  state?: string;
  deactivated?: string;
  reactivated?: string;
}

function address(purpose: 'LOCATION' | 'MAILING', state: string) {
  return {
    country_code: 'US',
    country_name: 'United States',
    address_purpose: purpose,
    address_type: 'DOM',
    address_1: purpose === 'LOCATION' ? '100 MAIN ST' : 'PO BOX 7',
    address_2: '',
    city: purpose === 'LOCATION' ? 'COLUMBUS' : 'DAYTON',
    state: purpose === 'LOCATION' ? state : 'KY',
    postal_code: '432150000',
    telephone_number: '614-555-0100',
  };
}

function basic(f: NppesFixture, sexKey: 'gender' | 'sex'): Record<string, unknown> {
  const dates = {
    enumeration_date: '2007-07-09',
    last_updated: '2018-09-22',
    status: 'A',
    ...(f.deactivated ? { deactivation_date: f.deactivated } : {}),
    ...(f.reactivated ? { reactivation_date: f.reactivated } : {}),
  };
  if (f.type === 'NPI-2') {
    return {
      organization_name: f.orgName ?? 'VALLEY CLINIC INC',
      organizational_subpart: 'NO',
      authorized_official_first_name: 'PAT',
      authorized_official_last_name: 'LEE',
      authorized_official_name_suffix: '--',
      ...dates,
    };
  }
  return {
    first_name: f.firstName ?? 'ANA',
    last_name: f.lastName ?? 'RIVERA',
    middle_name: 'M',
    name_prefix: '--',
    name_suffix: '--',
    credential: 'M.D.',
    sole_proprietor: 'NO',
    [sexKey]: 'F',
    ...dates,
  };
}

function taxonomies(f: NppesFixture) {
  return [
    { code: '390200000X', desc: 'Student', primary: false, state: null, license: null },
    {
      code: f.taxonomy ?? '207Q00000X',
      desc: 'Family Medicine',
      primary: true,
      state: f.state ?? 'OH',
      license: '35.012345',
      taxonomy_group: '',
    },
  ];
}

/** A result as the 2019-21 API served it: numeric `number`, seconds epochs, `gender`. */
export function oldShape(f: NppesFixture): Record<string, unknown> {
  return {
    enumeration_type: f.type ?? 'NPI-1',
    number: Number(f.npi),
    last_updated_epoch: 1537574400,
    created_epoch: 1183939200,
    basic: basic(f, 'gender'),
    other_names: [],
    addresses: [address('LOCATION', f.state ?? 'OH'), address('MAILING', f.state ?? 'OH')],
    taxonomies: taxonomies(f),
    identifiers: [],
  };
}

/** A result as the API serves it now: string `number`, ms epochs, `sex`, MAILING listed first. */
export function newShape(f: NppesFixture): Record<string, unknown> {
  return {
    created_epoch: '1171564996000',
    enumeration_type: f.type ?? 'NPI-1',
    last_updated_epoch: '1739404800000',
    number: f.npi,
    addresses: [address('MAILING', f.state ?? 'OH'), address('LOCATION', f.state ?? 'OH')],
    practiceLocations: [],
    basic: { ...basic(f, 'sex'), certification_date: '2024-02-13' },
    taxonomies: taxonomies(f),
    identifiers: [{ code: '05', desc: 'MEDICAID', issuer: '', identifier: '0123456', state: 'OH' }],
    endpoints: [],
    other_names: [],
  };
}

export const nppesErrors = (field: string, number: string, description: string) =>
  JSON.stringify({ Errors: [{ description, field, number }] });

export interface NppesServerOptions {
  records: Record<string, unknown>[];
  /** Name searches: how many people share each last name (served 200 a page). */
  surnames?: Record<string, number>;
}

/**
 * The NPI Registry API v2.1 on 127.0.0.1: `number` lookups against `records`, name searches
 * paged with `limit`/`skip` (past skip 1000 the same last page again, as observed), and the
 * API's quirks: 200 + `Errors` for bad requests, `result_count: 0` for unknown NPIs.
 */
export async function startNppesServer(opts: NppesServerOptions): Promise<FaultServer> {
  return startFaultServer((url) => {
    const p = url.searchParams;
    if (p.get('version') !== '2.1') {
      return ok(nppesErrors('version', '17', 'Unsupported version'));
    }
    const number = p.get('number');
    if (number !== null) {
      if (!/^\d{10}$/.test(number)) return ok(nppesErrors('number', '06', 'NPI must be 10 digits'));
      const hits = opts.records.filter((r) => String(r.number) === number);
      return ok(JSON.stringify({ result_count: hits.length, results: hits }));
    }
    const last = p.get('last_name');
    if (last) return ok(JSON.stringify(namePage(last, p, opts.surnames ?? {})));
    return ok(nppesErrors('generic', '04', 'No valid search criteria provided'));
  });
}

function namePage(last: string, p: URLSearchParams, surnames: Record<string, number>) {
  const total = surnames[last.toUpperCase()] ?? 0;
  const limit = Math.min(200, Number(p.get('limit') ?? 10));
  const skip = Math.min(1000, Number(p.get('skip') ?? 0));
  const results = [];
  for (let i = skip; i < Math.min(total, skip + limit); i++) {
    results.push(newShape({ npi: String(1000000000 + i), lastName: last, firstName: `P${i}` }));
  }
  return { result_count: results.length, results };
}

const ok = (body: string) => ({ status: 200, body, type: 'application/json' });
