import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importSource } from '../../src/pipeline/import-source.js';
import { verify } from '../../src/pipeline/verify.js';
import type { OpenedContext } from '../../src/pipeline/context.js';
import type { ProviderRow } from '../../src/model.js';
import { withCheckDigit } from '../../src/transform/npi.js';
import { NAME_THRESHOLD } from '../../src/transform/match-nppes.js';
import { insertRows, tempContext } from '../helpers/workspace.js';
import { dataLine, headerLine, headerNames, writeSource } from '../sources/source-files.js';

const AS_OF = '2026-11-20';
const npi = (n: number) => withCheckDigit(String(123450000 + n));

const NPPES_HEADER = 'nppes-npidata-header.csv';
const T = 'Healthcare Provider Taxonomy Code_1';
const LS = 'Provider License Number State Code_1';

function nppesFile(): string {
  const h = headerNames(NPPES_HEADER);
  const person = (n: number, last: string, extra: Record<string, string> = {}) =>
    dataLine(h, {
      NPI: npi(n),
      'Entity Type Code': '1',
      'Provider Last Name (Legal Name)': last,
      'Provider First Name': 'ANA',
      [T]: '207Q00000X',
      [LS]: 'OH',
      ...extra,
    });
  const lines = [
    person(1, 'RIVERA'),
    dataLine(h, { NPI: npi(2), 'NPI Deactivation Date': '01/15/2025' }),
    person(5, 'DE LA CRUZ'),
    person(3, 'STONE', {
      'NPI Deactivation Date': '01/01/2020',
      'NPI Reactivation Date': '03/01/2021',
    }),
    dataLine(h, {
      NPI: npi(4),
      'Entity Type Code': '2',
      'Provider Organization Name (Legal Business Name)': 'Valley Clinic, Inc.',
    }),
  ];
  return writeSource('npidata_pfile_20050523-20261109.csv', [headerLine(NPPES_HEADER), ...lines]);
}

function leieFile(): string {
  const h = headerNames('leie-header.csv');
  const row = (v: Record<string, string>) =>
    dataLine(h, {
      NPI: '0000000000',
      EXCLDATE: '20200101',
      REINDATE: '00000000',
      WAIVERDATE: '00000000',
      ...v,
    });
  const lines = [
    row({ LASTNAME: 'BAD', FIRSTNAME: 'BOB', NPI: npi(10) }),
    row({ LASTNAME: 'DOE', FIRSTNAME: 'JANE', DOB: '19700102' }),
    row({ LASTNAME: 'ROE', FIRSTNAME: 'RAY', DOB: '19600505' }),
    row({ BUSNAME: 'SHADY PHARMACY LLC' }),
    row({ LASTNAME: 'WAIVED', FIRSTNAME: 'WES', NPI: npi(11), WAIVERDATE: '20250101' }),
  ];
  return writeSource('UPDATED.csv', [headerLine('leie-header.csv'), ...lines], '\r\n');
}

function samFile(): string {
  const file = 'sam-exclusions-extract-v2-2022-header.csv';
  const h = headerNames(file);
  const row = (v: Record<string, string>) =>
    dataLine(h, { 'Active Date': '01/01/2020', 'Termination Date': 'Indefinite', ...v });
  const lines = [
    row({ Classification: 'Individual', First: 'Sam', Last: 'Spade', NPI: npi(20) }),
    row({ Classification: 'Individual', First: 'Nora', Last: 'Nameonly' }),
    row({ Classification: 'Firm', Name: 'Crooked Supply Co.' }),
    row({
      Classification: 'Individual',
      First: 'Ted',
      Last: 'Ended',
      NPI: npi(21),
      'Termination Date': '01/01/2026',
    }),
  ];
  return writeSource(
    'SAM_Exclusions_Public_Extract_V2_26320.csv',
    [headerLine(file), ...lines],
    '\r\n',
  );
}

/** Roster rows by label; entity type defaults to individual. */
const ROSTER: Record<string, Partial<ProviderRow>> = {
  verified: {
    npi: npi(1),
    lastName: 'Rivera',
    firstName: 'Ana',
    taxonomy: '207Q00000X',
    licenseState: 'OH',
  },
  typo: { npi: npi(1), lastName: 'Riverra', firstName: 'Ana' },
  vowel: { npi: npi(1), lastName: 'Rivora', firstName: 'Ana' },
  spaced: { npi: npi(5), lastName: 'Delacruz', firstName: 'Ana' },
  noNpi: { lastName: 'Nobody', firstName: 'Nils' },
  unknownNpi: { npi: npi(99), lastName: 'Ghost', firstName: 'Gil' },
  deactivated: { npi: npi(2), lastName: 'Gone', firstName: 'Gus' },
  reactivated: { npi: npi(3), lastName: 'Stone', firstName: 'Ana' },
  wrongType: { npi: npi(1), entityType: 'organization', orgName: 'Rivera Clinic' },
  wrongName: { npi: npi(1), lastName: 'Johnson', firstName: 'Ana' },
  wrongTaxonomy: { npi: npi(1), lastName: 'Rivera', firstName: 'Ana', taxonomy: '101Y00000X' },
  wrongLicenseState: { npi: npi(1), lastName: 'Rivera', firstName: 'Ana', licenseState: 'KY' },
  org: { npi: npi(4), entityType: 'organization', orgName: 'VALLEY CLINIC' },
  leieNpi: { npi: npi(10), lastName: 'Other', firstName: 'Name' },
  leieNameDob: { lastName: 'Doe', firstName: 'Jane', dob: '1970-01-02' },
  leieNoDob: { lastName: 'Doe', firstName: 'Jane' },
  leieDobDiffers: { lastName: 'Roe', firstName: 'Ray', dob: '1961-01-01' },
  leieOrg: { entityType: 'organization', orgName: 'Shady Pharmacy, L.L.C.' },
  leieWaived: { npi: npi(11), lastName: 'Waived', firstName: 'Wes' },
  samNpi: { npi: npi(20), lastName: 'Spade', firstName: 'Sam' },
  samName: { lastName: 'NAMEONLY', firstName: 'nora' },
  samFirm: { entityType: 'organization', orgName: 'Crooked Supply Company' },
  samEnded: { npi: npi(21), lastName: 'Ended', firstName: 'Ted' },
};

let ctx: OpenedContext;
let ids: Record<string, number>;

function seedRoster(): void {
  const labels = Object.keys(ROSTER);
  const rowIds = insertRows(ctx, 'b1', Object.values(ROSTER));
  ids = Object.fromEntries(labels.map((l, i) => [l, rowIds[i]]));
}

async function importAll(): Promise<void> {
  await importSource(ctx, 'nppes', nppesFile(), {});
  await importSource(ctx, 'leie', leieFile(), { published: '2026-11-10' });
  await importSource(ctx, 'sam', samFile(), {});
}

interface CheckRow {
  outcome: string;
  reason: string;
  evidence: string;
}

function check(label: string, source: string): CheckRow {
  return ctx.db
    .prepare('SELECT outcome, reason, evidence FROM checks WHERE row_id = ? AND source = ?')
    .get(ids[label], source) as CheckRow;
}

function outcomeOf(label: string, source: string): [string, string] {
  const c = check(label, source);
  return [c.outcome, c.reason];
}

beforeEach(() => {
  ctx = tempContext();
  seedRoster();
});
afterEach(() => ctx.close());

describe('verify against NPPES', () => {
  beforeEach(importAll);

  it('verifies an active NPI whose name, taxonomy and licence state agree', async () => {
    await verify(ctx, { asOf: AS_OF });
    expect(outcomeOf('verified', 'nppes')).toEqual(['verified', 'npi-active']);
    const ev = JSON.parse(check('verified', 'nppes').evidence);
    expect(ev.compared).toEqual({
      nameScore: 1,
      nameMatch: true,
      taxonomyMatch: true,
      licenseStateMatch: true,
    });
    expect(ev.matched).toMatchObject({ npi: npi(1), line: 2, lastName: 'RIVERA' });
    expect(ev.rawSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(ev.published).toBe('2026-11-09');
  });

  it('accepts a close spelling of the last name and records its similarity', async () => {
    await verify(ctx, { asOf: AS_OF });
    expect(outcomeOf('typo', 'nppes')).toEqual(['verified', 'npi-active']);
    const score = JSON.parse(check('typo', 'nppes').evidence).compared.nameScore;
    expect(score).toBeGreaterThanOrEqual(NAME_THRESHOLD);
    expect(score).toBeLessThan(1);
  });

  it('flags a changed vowel as a name mismatch but ignores spaces inside a surname', async () => {
    await verify(ctx, { asOf: AS_OF });
    expect(outcomeOf('vowel', 'nppes')).toEqual(['discrepancy', 'name-mismatch']);
    const score = JSON.parse(check('vowel', 'nppes').evidence).compared.nameScore;
    expect(score).toBeLessThan(NAME_THRESHOLD);
    expect(outcomeOf('spaced', 'nppes')).toEqual(['verified', 'npi-active']);
  });

  it('gives insufficient-data, not-found and each discrepancy reason', async () => {
    await verify(ctx, { asOf: AS_OF });
    expect(outcomeOf('noNpi', 'nppes')).toEqual(['insufficient-data', 'no-npi']);
    expect(outcomeOf('unknownNpi', 'nppes')).toEqual(['not-found', 'npi-not-found']);
    expect(outcomeOf('deactivated', 'nppes')).toEqual(['discrepancy', 'npi-deactivated']);
    expect(outcomeOf('wrongType', 'nppes')).toEqual(['discrepancy', 'entity-type-mismatch']);
    expect(outcomeOf('wrongName', 'nppes')).toEqual(['discrepancy', 'name-mismatch']);
    expect(outcomeOf('wrongTaxonomy', 'nppes')).toEqual(['discrepancy', 'taxonomy-mismatch']);
    expect(outcomeOf('wrongLicenseState', 'nppes')).toEqual([
      'discrepancy',
      'license-state-mismatch',
    ]);
  });

  it('treats a reactivated NPI as active and ignores legal forms in org names', async () => {
    await verify(ctx, { asOf: AS_OF });
    expect(outcomeOf('reactivated', 'nppes')).toEqual(['verified', 'npi-active']);
    expect(outcomeOf('org', 'nppes')).toEqual(['verified', 'npi-active']);
  });
});

describe('verify against the exclusion lists', () => {
  beforeEach(importAll);

  it('excludes on a LEIE NPI match and on last+first name with the same DOB', async () => {
    await verify(ctx, { asOf: AS_OF });
    expect(outcomeOf('leieNpi', 'leie')).toEqual(['excluded', 'npi-match']);
    expect(outcomeOf('leieNameDob', 'leie')).toEqual(['excluded', 'name-dob-match']);
  });

  it('leaves name-only LEIE hits to a steward and clears a differing DOB', async () => {
    await verify(ctx, { asOf: AS_OF });
    expect(outcomeOf('leieNoDob', 'leie')).toEqual(['possible-match', 'name-only']);
    expect(outcomeOf('leieOrg', 'leie')).toEqual(['possible-match', 'name-only']);
    expect(outcomeOf('leieDobDiffers', 'leie')).toEqual(['not-found', 'name-dob-differs']);
  });

  it('ends a LEIE exclusion at a past waiver date and lists the rest as not-listed', async () => {
    await verify(ctx, { asOf: AS_OF });
    expect(outcomeOf('leieWaived', 'leie')).toEqual(['not-found', 'exclusion-ended']);
    expect(outcomeOf('verified', 'leie')).toEqual(['not-found', 'not-listed']);
    expect(outcomeOf('noNpi', 'leie')).toEqual(['not-found', 'not-listed']);
  });

  it('excludes on a SAM NPI match and flags SAM name-only hits', async () => {
    await verify(ctx, { asOf: AS_OF });
    expect(outcomeOf('samNpi', 'sam')).toEqual(['excluded', 'npi-match']);
    expect(outcomeOf('samName', 'sam')).toEqual(['possible-match', 'name-only']);
    expect(outcomeOf('samFirm', 'sam')).toEqual(['possible-match', 'name-only']);
    expect(outcomeOf('samEnded', 'sam')).toEqual(['not-found', 'exclusion-ended']);
    expect(outcomeOf('verified', 'sam')).toEqual(['not-found', 'not-listed']);
  });

  it('keeps DOBs out of the evidence of a name+DOB match', async () => {
    await verify(ctx, { asOf: AS_OF });
    const ev = check('leieNameDob', 'leie').evidence;
    expect(ev).not.toMatch(/1970-?01-?02/);
    expect(JSON.parse(ev)).toMatchObject({
      source: 'leie',
      query: { nameKey: 'DOE|JANE' },
      matched: { line: 3, lastName: 'DOE' },
    });
  });
});

describe('verify bookkeeping', () => {
  it('marks every row source-unavailable for a source without a snapshot', async () => {
    const r = await verify(ctx, { sources: ['sam'], asOf: AS_OF });
    const n = Object.keys(ROSTER).length;
    expect(r.rowsChecked).toBe(n);
    expect(r.bySource.sam['source-unavailable']).toBe(n);
    expect(outcomeOf('samNpi', 'sam')).toEqual(['source-unavailable', 'no-snapshot']);
  });

  it('replaces checks on a rerun instead of adding rows', async () => {
    await verify(ctx, { sources: ['leie'], asOf: AS_OF });
    await importSource(ctx, 'leie', leieFile(), { published: '2026-11-10' });
    const r = await verify(ctx, { sources: ['leie'], asOf: AS_OF });
    const count = ctx.db.prepare("SELECT count(*) AS n FROM checks WHERE source = 'leie'").get();
    expect(count).toEqual({ n: Object.keys(ROSTER).length });
    expect(r.checks.excluded).toBe(2);
    expect(outcomeOf('leieNpi', 'leie')).toEqual(['excluded', 'npi-match']);
  });

  it('counts outcomes per source and in total', async () => {
    await importAll();
    const r = await verify(ctx, { asOf: AS_OF });
    const n = Object.keys(ROSTER).length;
    for (const s of ['nppes', 'leie', 'sam']) {
      expect(Object.values(r.bySource[s]).reduce((a, b) => a + b, 0)).toBe(n);
    }
    expect(Object.values(r.checks).reduce((a, b) => a + b, 0)).toBe(3 * n);
    expect(r.stale).toEqual([]);
  });

  it('reports an old LEIE snapshot as stale but still checks against it', async () => {
    await importSource(ctx, 'nppes', nppesFile(), {});
    await importSource(ctx, 'leie', leieFile(), { published: '2026-09-01' });
    const r = await verify(ctx, { sources: ['nppes', 'leie'], asOf: AS_OF, maxAgeDays: 35 });
    expect(r.stale).toEqual(['leie']);
    expect(outcomeOf('leieNpi', 'leie')).toEqual(['excluded', 'npi-match']);
    const lenient = await verify(ctx, { sources: ['leie'], asOf: AS_OF, maxAgeDays: 90 });
    expect(lenient.stale).toEqual([]);
  });

  it('turns the freshness rule off when the maximum age is null', async () => {
    await importSource(ctx, 'leie', leieFile(), { published: '2020-01-01' });
    const r = await verify(ctx, { sources: ['leie'], asOf: AS_OF, maxAgeDays: null });
    expect(r.stale).toEqual([]);
    const strict = await verify(ctx, { sources: ['leie'], asOf: AS_OF });
    expect(strict.stale).toEqual(['leie']);
  });
});
