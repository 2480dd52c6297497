/**
 * Deterministic synthetic world for the demo, the tests and the benchmark: a roster plus NPPES
 * (main and endpoint file), LEIE and SAM excerpts in their real layouts, with planted faults
 * listed in `WorldExpected`.
 * Same `{ rows, seed }`, same bytes.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeEndpoints } from './endpoints.js';
import { writeLeie } from './leie.js';
import { writeNppes } from './nppes.js';
import { makePlan, type DuplicateVariant } from './plan.js';
import { writeRoster, type RosterFacts } from './roster.js';
import { writeSam } from './sam.js';

export { MIN_ROWS } from './plan.js';

/** File names, as the real sources name their downloads. */
export const WORLD_FILE_NAMES = {
  roster: 'roster.csv',
  nppes: 'npidata_pfile_20050523-20261109.csv',
  leie: 'UPDATED.csv',
  sam: 'SAM_Exclusions_Public_Extract_V2_26306.csv',
  endpoints: 'endpoint_pfile_20050523-20261109.csv',
} as const;

export interface WorldOptions {
  /** Roster data records (header excluded); at least MIN_ROWS. */
  rows: number;
  /** Any 32-bit integer; the same seed always gives the same files. */
  seed: number;
}

/** What was planted. Record numbers are 1-based data records of the roster (header excluded). */
export interface WorldExpected {
  seed: number;
  rosterRows: number;
  nppesRows: number;
  nppesExtraRows: number;
  leieRows: number;
  samRows: number;
  /** Records whose NPI fails: a wrong check digit, or 9 digits (problem `format`). */
  badNpiRecords: number[];
  badNpis: { record: number; npi: string; problem: 'check-digit' | 'format' }[];
  /** Records missing a required field: `Last Name` (individual) or `Organization Name`. */
  missingFieldRecords: number[];
  missingFields: { record: number; npi: string; field: string }[];
  /** NPIs on two roster records; the second record differs slightly (`variant`). */
  duplicateNpis: string[];
  duplicates: { npi: string; records: [number, number]; variant: DuplicateVariant }[];
  /** Valid roster NPIs that NPPES does not list. */
  notInNppes: string[];
  /** Listed in NPPES as a deactivated (near-blank) row. */
  deactivatedNpi: string;
  /** NPPES spells this provider's last name differently from the roster. */
  nameMismatchNpi: string;
  leieExcludedByNpi: string;
  /** LEIE row with NPI `0000000000` that matches on last + first name, DOB and state. */
  leieExcludedByNameDob: { npi: string; record: number };
  /** LEIE row with this provider's name but another DOB: never a confirmed exclusion. */
  leieNameOnlyLookalikeNpi: string;
  samExcludedByNpi: string;
  /** SAM Firm row with this roster organisation's name, no NPI, another address. */
  samPossibleMatchOrgNpi: string;
  /** Individuals whose roster row has no Date of Birth. */
  noDobNpis: string[];
  /** Rows of the NPPES endpoint file, and the NPIs they belong to (ascending). */
  endpointRows: number;
  endpointNpis: string[];
}

export interface WorldFiles {
  roster: string;
  nppes: string;
  leie: string;
  sam: string;
  endpoints: string;
  expected: WorldExpected;
}

function rosterSummary(facts: RosterFacts) {
  return {
    badNpiRecords: facts.badNpis.map((b) => b.record),
    badNpis: facts.badNpis,
    missingFieldRecords: facts.missingFields.map((m) => m.record),
    missingFields: facts.missingFields,
    duplicateNpis: facts.duplicates.map((d) => d.npi),
    duplicates: facts.duplicates,
  };
}

/** Writes the five files into `dir` (created if needed), streaming, and returns their paths. */
export async function writeWorld(dir: string, opts: WorldOptions): Promise<WorldFiles> {
  const plan = makePlan(opts.seed, opts.rows);
  await mkdir(dir, { recursive: true });
  const paths = {
    roster: join(dir, WORLD_FILE_NAMES.roster),
    nppes: join(dir, WORLD_FILE_NAMES.nppes),
    leie: join(dir, WORLD_FILE_NAMES.leie),
    sam: join(dir, WORLD_FILE_NAMES.sam),
    endpoints: join(dir, WORLD_FILE_NAMES.endpoints),
  };
  const roster = await writeRoster(paths.roster, plan);
  const nppes = await writeNppes(paths.nppes, plan);
  const leie = await writeLeie(paths.leie, plan);
  const sam = await writeSam(paths.sam, plan);
  const endpoints = await writeEndpoints(paths.endpoints, plan);

  const expected: WorldExpected = {
    seed: plan.seed,
    rosterRows: plan.rows,
    nppesRows: nppes.rows,
    nppesExtraRows: nppes.extraNpis,
    leieRows: leie.rows,
    samRows: sam.rows,
    ...rosterSummary(roster),
    notInNppes: nppes.notInNppes,
    deactivatedNpi: nppes.deactivatedNpi,
    nameMismatchNpi: nppes.nameMismatchNpi,
    leieExcludedByNpi: leie.leieExcludedByNpi,
    leieExcludedByNameDob: {
      npi: leie.leieExcludedByNameDob,
      record: roster.recordOf.get(plan.leieByNameDob) ?? 0,
    },
    leieNameOnlyLookalikeNpi: leie.leieNameOnlyLookalikeNpi,
    samExcludedByNpi: sam.samExcludedByNpi,
    samPossibleMatchOrgNpi: sam.samPossibleMatchOrgNpi,
    noDobNpis: roster.noDobNpis,
    endpointRows: endpoints.rows,
    endpointNpis: endpoints.npis,
  };
  return { ...paths, expected };
}
