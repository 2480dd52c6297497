/**
 * NPPES `npidata_pfile` excerpt: the real 330-column V2 header, every value quoted, LF. Rows are
 * built from a column-name map laid onto the header, never by position.
 */
import { LineWriter, quoteAlways } from './csv.js';
import { AS_OF, mdy } from './dates.js';
import { NPPES_COLUMNS, NPPES_HEADER_LINE } from './headers.js';
import { phoneDigits } from './places.js';
import { providerAt, type Plan } from './plan.js';
import { rngFor, STREAM, type Rng } from './prng.js';
import type { Provider } from './provider.js';
import { misspell, registryCase } from './text.js';
import { FEMALE_GIVEN, MALE_GIVEN, ROSTER_SURNAMES } from './vocab.js';

export interface NppesFacts {
  rows: number;
  extraNpis: number;
  notInNppes: string[];
  deactivatedNpi: string;
  nameMismatchNpi: string;
}

type Values = Record<string, string>;

const COLUMN_INDEX = new Map(NPPES_COLUMNS.map((name, i) => [name, i]));
/** `EMPTY_RUNS[n]` is n empty quoted cells joined by commas. */
const EMPTY_RUNS = NPPES_COLUMNS.map((_, n) => Array<string>(n).fill('""').join(','));

/** One data line: every column the map names is set, all others stay `""`. */
export function nppesLine(values: Values): string {
  const cells: [number, string][] = [];
  for (const [name, value] of Object.entries(values)) {
    const i = COLUMN_INDEX.get(name);
    if (i === undefined) throw new Error(`Not an NPPES column: ${name}`);
    cells.push([i, quoteAlways(value)]);
  }
  cells.sort((a, b) => a[0] - b[0]);
  // Joining runs of empty cells instead of 330 single cells keeps a million rows fast.
  const parts: string[] = [];
  let next = 0;
  for (const [i, cell] of cells) {
    if (i > next) parts.push(EMPTY_RUNS[i - next] as string);
    parts.push(cell);
    next = i + 1;
  }
  if (next < NPPES_COLUMNS.length) parts.push(EMPTY_RUNS[NPPES_COLUMNS.length - next] as string);
  return parts.join(',');
}

type AddressKind = 'Mailing' | 'Practice Location';

/** Column names of one address block, built once (not per row). */
function addressColumns(kind: AddressKind) {
  const key = (part: string) => `Provider Business ${kind} Address ${part}`;
  return {
    line1: `Provider First Line Business ${kind} Address`,
    line2: `Provider Second Line Business ${kind} Address`,
    city: key('City Name'),
    state: key('State Name'),
    zip: key('Postal Code'),
    country: key('Country Code (If outside U.S.)'),
    phone: key('Telephone Number'),
  };
}

const ADDRESS_COLUMNS = {
  Mailing: addressColumns('Mailing'),
  'Practice Location': addressColumns('Practice Location'),
};

function setAddress(v: Values, kind: AddressKind, lines: string[], p: Provider, zip: string) {
  const c = ADDRESS_COLUMNS[kind];
  v[c.line1] = lines[0] ?? '';
  v[c.line2] = lines[1] ?? '';
  v[c.city] = registryCase(p.city);
  v[c.state] = p.state;
  v[c.zip] = zip;
  v[c.country] = 'US';
  v[c.phone] = phoneDigits(p.phone);
}

function setAddresses(v: Values, rng: Rng, p: Provider): void {
  // Postal codes are ZIP+4 (9 digits) for most rows, plain 5 digits for the rest.
  const zip = () => (rng.chance(0.6) ? p.zip + rng.digits(4) : p.zip);
  const street = [registryCase(p.address1), registryCase(p.address2)];
  const practiceZip = zip();
  setAddress(v, 'Practice Location', street, p, practiceZip);
  if (rng.chance(0.25)) setAddress(v, 'Mailing', [`PO BOX ${rng.int(10, 9999)}`], p, zip());
  else setAddress(v, 'Mailing', street, p, practiceZip);
}

function names(rng: Rng, p: Provider, lastName: string): Values {
  if (p.kind === 'organization') {
    return {
      'Provider Organization Name (Legal Business Name)': registryCase(p.orgName),
      'Authorized Official Last Name': registryCase(rng.pick(ROSTER_SURNAMES)),
      'Authorized Official First Name': registryCase(rng.pick([...FEMALE_GIVEN, ...MALE_GIVEN])),
      'Authorized Official Title or Position': rng.pick(['CEO', 'ADMINISTRATOR', 'OFFICE MANAGER']),
      'Authorized Official Telephone Number': phoneDigits(p.phone),
      'Is Organization Subpart': 'N',
    };
  }
  return {
    'Provider Last Name (Legal Name)': registryCase(lastName),
    'Provider First Name': registryCase(p.firstName),
    'Provider Middle Name': p.middleName,
    'Provider Credential Text': p.nppesCredential,
    'Provider Sex Code': p.sex,
    'Is Sole Proprietor': 'N',
  };
}

/** The full NPPES values of an active provider. */
export function nppesValues(seed: number, p: Provider, lastName = p.lastName): Values {
  const rng = rngFor(seed, STREAM.nppes, p.index);
  const v: Values = {
    NPI: p.npi,
    'Entity Type Code': p.kind === 'individual' ? '1' : '2',
    ...names(rng, p, lastName),
    'Provider Enumeration Date': mdy(p.enumerated),
    'Last Update Date': mdy(p.updated),
    'Healthcare Provider Taxonomy Code_1': p.taxonomy,
    'Provider License Number_1': p.licenseNumber,
    'Provider License Number State Code_1': p.licenseState,
    'Healthcare Provider Primary Taxonomy Switch_1': 'Y',
    'Certification Date': mdy(p.updated),
  };
  setAddresses(v, rng, p);
  return v;
}

/** A deactivated NPI as the real file shows it: NPI and deactivation date, nothing else. */
function deactivatedValues(seed: number, p: Provider): Values {
  const rng = rngFor(seed, STREAM.nppes, p.index);
  return { NPI: p.npi, 'NPI Deactivation Date': mdy(AS_OF - rng.int(30, 900)) };
}

function rosterRowValues(plan: Plan, p: Provider): Values | null {
  const fault = plan.faults.get(p.index);
  // Rows whose roster NPI is broken, and the planted not-found ones, have no NPPES row.
  if (fault && fault.kind !== 'missing') return null;
  if (plan.notInNppes.includes(p.index)) return null;
  if (p.index === plan.deactivated) return deactivatedValues(plan.seed, p);
  const last = p.index === plan.nameMismatch ? misspell(p.lastName) : p.lastName;
  return nppesValues(plan.seed, p, last);
}

export async function writeNppes(path: string, plan: Plan): Promise<NppesFacts> {
  const out = new LineWriter(path, '\n');
  await out.raw(NPPES_HEADER_LINE);
  let rows = 0;
  const total = plan.providers + plan.nppesExtras;
  for (let i = 0; i < total; i++) {
    const p = providerAt(plan, i);
    const values = i < plan.providers ? rosterRowValues(plan, p) : nppesValues(plan.seed, p);
    if (values === null) continue;
    await out.line(nppesLine(values));
    rows++;
  }
  await out.close();
  const npi = (i: number) => providerAt(plan, i).npi;
  return {
    rows,
    extraNpis: plan.nppesExtras,
    notInNppes: plan.notInNppes.map(npi),
    deactivatedNpi: npi(plan.deactivated),
    nameMismatchNpi: npi(plan.nameMismatch),
  };
}
