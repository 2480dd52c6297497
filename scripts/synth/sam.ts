/**
 * SAM.gov Exclusions Public Extract V2 excerpt: 31 quoted columns (2022 naming), CRLF.
 * Individuals carry First/Middle/Last and an empty Name; firms carry Name.
 */
import { LineWriter, quoteAlways } from './csv.js';
import { AS_OF, dayOf, iso, mdy } from './dates.js';
import { unrelatedNpi, unrelatedParty, type Party } from './exclusion-people.js';
import { SAM_COLUMNS, SAM_HEADER_LINE } from './headers.js';
import { FAR_AWAY, zip5 } from './places.js';
import { providerAt, type Plan } from './plan.js';
import { rngFor, STREAM, type Rng } from './prng.js';
import { registryCase } from './text.js';

type SamColumn = (typeof SAM_COLUMNS)[number];
type SamValues = Partial<Record<SamColumn, string>>;

export interface SamFacts {
  rows: number;
  samExcludedByNpi: string;
  samPossibleMatchOrgNpi: string;
}

interface Agency {
  agency: string;
  program: string;
  ctCode: string;
  type: string;
  comment: string;
}

const HHS: Agency = {
  agency: 'HHS',
  program: 'Reciprocal',
  ctCode: 'Z1',
  type: 'Prohibition/Restriction',
  comment:
    'Excluded by HHS from participation in all Federal health care programs under section 1128' +
    ' of the Social Security Act.',
};

function agency(name: string, program: string, ctCode: string, type: string): Agency {
  return { agency: name, program, ctCode, type, comment: '' };
}

const OTHER_AGENCIES: readonly Agency[] = [
  agency('OPM', 'Reciprocal', 'Z2', 'Prohibition/Restriction'),
  agency('OFAC', 'Reciprocal', 'T', 'Prohibition/Restriction'),
  agency('HUD', 'Reciprocal', 'R', 'Ineligible (Proceedings Completed)'),
  agency('GSA', 'NonProcurement', 'N', 'Ineligible (Proceedings Pending)'),
  agency('DLA', 'Procurement', 'P', 'Voluntary Exclusion'),
];

const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

function code(rng: Rng, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALNUM[rng.int(0, ALNUM.length - 1)];
  return s;
}

function actionValues(rng: Rng, agency: Agency, firm: boolean): SamValues {
  const active = dayOf(2001, 1, 1) + rng.int(0, AS_OF - dayOf(2001, 1, 1) - 10);
  const created = active + rng.int(0, Math.min(400, AS_OF - active));
  const ends = rng.chance(0.8) ? 'Indefinite' : mdy(active + rng.int(365, 3650));
  return {
    'Exclusion Program': agency.program,
    'Excluding Agency': agency.agency,
    'CT Code': agency.ctCode,
    'Exclusion Type': agency.type,
    'Additional Comments': agency.comment,
    'Active Date': mdy(active),
    'Termination Date': ends,
    'Record Status': 'Active',
    'SAM Number': `S4MR${code(rng, 5)}`,
    'Unique Entity ID': firm && rng.chance(0.3) ? code(rng, 12) : '',
    CAGE: firm && rng.chance(0.2) ? code(rng, 5) : '',
    Country: 'USA',
    Creation_Date: iso(created),
  };
}

function partyValues(party: Party): SamValues {
  if (party.kind === 'business') {
    return {
      Classification: 'Firm',
      Name: party.businessName,
      'Address 1': party.address1,
      City: party.city,
      'State / Province': party.state,
      'Zip Code': party.zip,
    };
  }
  return {
    Classification: 'Individual',
    First: party.firstName,
    Middle: party.middleName,
    Last: party.lastName,
    City: party.city,
    'State / Province': party.state,
    'Zip Code': party.zip,
  };
}

function samLine(values: SamValues): string {
  return SAM_COLUMNS.map((c) => quoteAlways(values[c] ?? '')).join(',');
}

function plantedIndividual(plan: Plan): SamValues {
  const p = providerAt(plan, plan.samByNpi);
  const rng = rngFor(plan.seed, STREAM.samAction, plan.samRows);
  return {
    Classification: 'Individual',
    First: registryCase(p.firstName),
    Middle: registryCase(p.middleName),
    Last: registryCase(p.lastName),
    City: registryCase(p.city),
    'State / Province': p.state,
    'Zip Code': p.zip,
    ...actionValues(rng, HHS, false),
    NPI: p.npi,
  };
}

/** Same name as a roster organisation, but another address and no NPI: only a name hit. */
function plantedFirm(plan: Plan): SamValues {
  const p = providerAt(plan, plan.samOrgName);
  const rng = rngFor(plan.seed, STREAM.samAction, plan.samRows + 1);
  const place = rng.pick(FAR_AWAY);
  return {
    Classification: 'Firm',
    Name: registryCase(p.orgName),
    City: registryCase(place.city),
    'State / Province': place.state,
    'Zip Code': zip5(rng, place),
    ...actionValues(rng, HHS, true),
  };
}

function unrelatedRow(plan: Plan, k: number): SamValues {
  const rng = rngFor(plan.seed, STREAM.sam, k);
  const party = unrelatedParty(rng, 0.7);
  const agency = rng.chance(0.5) ? HHS : rng.pick(OTHER_AGENCIES);
  // The real extract has an NPI on under 1% of rows; a few more here keep the column exercised.
  const npi = rng.chance(0.03) ? unrelatedNpi(plan, plan.leieRows, k) : '';
  const act = rngFor(plan.seed, STREAM.samAction, k);
  return {
    ...partyValues(party),
    ...actionValues(act, agency, party.kind === 'business'),
    NPI: npi,
  };
}

export async function writeSam(path: string, plan: Plan): Promise<SamFacts> {
  const out = new LineWriter(path, '\r\n');
  await out.raw(SAM_HEADER_LINE);
  const byNpiAt = Math.floor(plan.samRows * 0.3);
  const firmAt = Math.floor(plan.samRows * 0.7);
  for (let k = 0; k < plan.samRows; k++) {
    const values =
      k === byNpiAt
        ? plantedIndividual(plan)
        : k === firmAt
          ? plantedFirm(plan)
          : unrelatedRow(plan, k);
    await out.line(samLine(values));
  }
  await out.close();
  const npi = (i: number) => providerAt(plan, i).npi;
  return {
    rows: plan.samRows,
    samExcludedByNpi: npi(plan.samByNpi),
    samPossibleMatchOrgNpi: npi(plan.samOrgName),
  };
}
