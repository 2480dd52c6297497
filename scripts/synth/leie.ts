/**
 * OIG LEIE `UPDATED.csv` excerpt: unquoted header, every value quoted, CRLF, `0000000000` for a
 * missing NPI and `00000000` for missing reinstatement and waiver dates.
 */
import { LineWriter, quoteAlways } from './csv.js';
import { AS_OF, dayOf, ymdCompact } from './dates.js';
import { unrelatedNpi, unrelatedParty, type Party } from './exclusion-people.js';
import { LEIE_COLUMNS, LEIE_HEADER_LINE } from './headers.js';
import { providerAt, type Plan } from './plan.js';
import { rngFor, STREAM, type Rng } from './prng.js';
import { FAR_AWAY, zip5 } from './places.js';
import { registryCase } from './text.js';
import { STREETS } from './vocab.js';
import { EXCLUSION_TYPES } from './taxonomy.js';

type LeieColumn = (typeof LEIE_COLUMNS)[number];
type LeieValues = Record<LeieColumn, string>;

const NO_NPI = '0000000000';
const NO_DATE = '00000000';
/** Offset of LEIE parties in the unrelated index range (SAM uses the range after it). */
export const LEIE_OFFSET = 0;

export interface LeieFacts {
  rows: number;
  leieExcludedByNpi: string;
  leieExcludedByNameDob: string;
  leieNameOnlyLookalikeNpi: string;
}

function leieValues(rng: Rng, party: Party, npi: string): LeieValues {
  return {
    LASTNAME: party.lastName,
    FIRSTNAME: party.firstName,
    MIDNAME: party.middleName,
    BUSNAME: party.businessName,
    GENERAL: party.general,
    SPECIALTY: party.specialty,
    UPIN: '',
    NPI: npi,
    DOB: party.dob === null ? '' : ymdCompact(party.dob),
    ADDRESS: party.address1,
    CITY: party.city,
    STATE: party.state,
    ZIP: party.zip,
    EXCLTYPE: rng.pick(EXCLUSION_TYPES),
    EXCLDATE: ymdCompact(dayOf(1995, 1, 1) + rng.int(0, AS_OF - 30 - dayOf(1995, 1, 1))),
    REINDATE: NO_DATE,
    WAIVERDATE: NO_DATE,
    WVRSTATE: '',
  };
}

/** A roster individual as LEIE would list them. */
function rosterParty(plan: Plan, index: number): Party {
  const p = providerAt(plan, index);
  return {
    kind: 'individual',
    lastName: registryCase(p.lastName),
    firstName: registryCase(p.firstName),
    middleName: registryCase(p.middleName),
    businessName: '',
    dob: p.dob,
    address1: registryCase(p.address1),
    city: registryCase(p.city),
    state: p.state,
    zip: p.zip,
    general: p.leieGeneral,
    specialty: p.leieSpecialty,
  };
}

/** Someone else with the same name: born about three years earlier, living in another state. */
function lookalikeParty(plan: Plan, index: number): Party {
  const twin = rosterParty(plan, index);
  const rng = rngFor(plan.seed, STREAM.leieAction, plan.leieRows);
  const place = rng.pick(FAR_AWAY);
  return {
    ...twin,
    middleName: '',
    dob: (twin.dob ?? 0) - 3 * 365 + 41,
    address1: `${rng.int(10, 9999)} ${registryCase(rng.pick(STREETS))}`,
    city: registryCase(place.city),
    state: place.state,
    zip: zip5(rng, place),
  };
}

/** Planted rows by their 0-based position in the file. */
function plantedRows(plan: Plan): Map<number, { party: Party; npi: string }> {
  const at = (share: number) => Math.floor(plan.leieRows * share);
  const npi = providerAt(plan, plan.leieByNpi).npi;
  return new Map([
    [at(0.2), { party: rosterParty(plan, plan.leieByNpi), npi }],
    [at(0.5), { party: rosterParty(plan, plan.leieByNameDob), npi: NO_NPI }],
    [at(0.8), { party: lookalikeParty(plan, plan.leieLookalike), npi: NO_NPI }],
  ]);
}

function unrelatedRow(plan: Plan, k: number): { party: Party; npi: string } {
  const rng = rngFor(plan.seed, STREAM.leie, k);
  const party = unrelatedParty(rng, 0.75);
  // About one LEIE row in ten carries an NPI.
  const npi = rng.chance(0.1) ? unrelatedNpi(plan, LEIE_OFFSET, k) : NO_NPI;
  return { party, npi };
}

export async function writeLeie(path: string, plan: Plan): Promise<LeieFacts> {
  const out = new LineWriter(path, '\r\n');
  await out.raw(LEIE_HEADER_LINE);
  const planted = plantedRows(plan);
  for (let k = 0; k < plan.leieRows; k++) {
    const { party, npi } = planted.get(k) ?? unrelatedRow(plan, k);
    const values = leieValues(rngFor(plan.seed, STREAM.leieAction, k), party, npi);
    await out.line(LEIE_COLUMNS.map((c) => quoteAlways(values[c])).join(','));
  }
  await out.close();
  const npi = (i: number) => providerAt(plan, i).npi;
  return {
    rows: plan.leieRows,
    leieExcludedByNpi: npi(plan.leieByNpi),
    leieExcludedByNameDob: npi(plan.leieByNameDob),
    leieNameOnlyLookalikeNpi: npi(plan.leieLookalike),
  };
}
