import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DIR, makeDemoFixtures } from '../../scripts/make-demo-fixtures.js';
import { MIN_ROWS, writeWorld, type WorldFiles } from '../../scripts/synth/index.js';
import { registryCase } from '../../scripts/synth/text.js';
import { isValidNpi, npiProblem } from '../../src/transform/npi.js';

type Row = Record<string, string>;

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const REFERENCE = resolve(REPO, 'test', 'sources', 'headers');
const GENERATED = [
  'roster.csv',
  'npidata_pfile_20050523-20261109.csv',
  'UPDATED.csv',
  'SAM_Exclusions_Public_Extract_V2_26306.csv',
  'endpoint_pfile_20050523-20261109.csv',
  'expected.json',
];

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'credkit-synth-'));
  temps.push(dir);
  return dir;
}
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

const read = (path: string) => readFileSync(path, 'utf8');
const rows = (path: string): Row[] => parse(read(path), { columns: true }) as Row[];
const nameOf = (first: string, last: string) => `${registryCase(first)}|${registryCase(last)}`;
const mdyToCompact = (mdy: string) => mdy.slice(6) + mdy.slice(0, 2) + mdy.slice(3, 5);

interface Parsed {
  world: WorldFiles;
  roster: Row[];
  nppes: Row[];
  leie: Row[];
  sam: Row[];
  byNpi: (npi: string) => Row;
}

function load(world: WorldFiles): Parsed {
  const roster = rows(world.roster);
  const byNpi = (npi: string) => {
    const row = roster.find((r) => r['Provider NPI'] === npi);
    if (!row) throw new Error(`no roster row for ${npi}`);
    return row;
  };
  return {
    world,
    roster,
    byNpi,
    nppes: rows(world.nppes),
    leie: rows(world.leie),
    sam: rows(world.sam),
  };
}

let demoDir = '';
const worlds: Record<string, Parsed> = {};

beforeAll(async () => {
  demoDir = tempDir();
  worlds.demo = load(await makeDemoFixtures(demoDir));
  worlds.scaled = load(await writeWorld(tempDir(), { rows: 3000, seed: 7 }));
  worlds.smallest = load(await writeWorld(tempDir(), { rows: MIN_ROWS, seed: -42 }));
});

describe('demo fixture generation', () => {
  it('writes byte-identical files on every run', async () => {
    const again = tempDir();
    await makeDemoFixtures(again);
    for (const name of GENERATED) expect(read(join(again, name))).toBe(read(join(demoDir, name)));
  });

  it('matches the committed fixtures/demo files', () => {
    for (const name of GENERATED) {
      expect(read(join(DEMO_DIR, name)), name).toBe(read(join(demoDir, name)));
    }
  });

  it('keeps the committed demo files under 1 MB in total', () => {
    const bytes = readdirSync(DEMO_DIR).reduce(
      (sum, f) => sum + readFileSync(join(DEMO_DIR, f)).length,
      0,
    );
    expect(bytes).toBeLessThan(1_000_000);
  });

  it('writes a different world for another seed', async () => {
    const other = await writeWorld(tempDir(), { rows: 300, seed: 1 });
    expect(read(other.roster)).not.toBe(read(join(demoDir, 'roster.csv')));
  });

  it('refuses a roster too small to hold the planted faults', async () => {
    await expect(writeWorld(tempDir(), { rows: 50, seed: 1 })).rejects.toMatchObject({
      code: 'E_SYNTH_OPTIONS',
    });
  });
});

describe('file layouts', () => {
  const firstLine = (path: string) => read(path).slice(0, read(path).indexOf('\n') + 1);

  it('copies the NPPES, LEIE and SAM headers byte for byte from the reference files', () => {
    const { world } = worlds.demo!;
    expect(firstLine(world.nppes)).toBe(read(join(REFERENCE, 'nppes-npidata-header.csv')));
    expect(firstLine(world.leie)).toBe(read(join(REFERENCE, 'leie-header.csv')));
    const samHeader = read(join(REFERENCE, 'sam-exclusions-extract-v2-2022-header.csv'));
    expect(firstLine(world.sam)).toBe(samHeader);
    expect(firstLine(world.endpoints)).toBe(read(join(REFERENCE, 'nppes-endpoint-header.csv')));
  });

  it('ends every line in CRLF except in the NPPES file, which uses LF', () => {
    const { world } = worlds.demo!;
    for (const path of [world.roster, world.leie, world.sam]) {
      const text = read(path);
      expect(text.split('\r\n').length).toBe(text.split('\n').length);
    }
    expect(read(world.nppes)).not.toContain('\r');
    expect(read(world.endpoints)).not.toContain('\r');
  });

  it('quotes every value in the source files', () => {
    const { world } = worlds.demo!;
    const allQuoted = /^"[^"]*"(,"[^"]*")*$/;
    for (const path of [world.nppes, world.leie, world.sam, world.endpoints]) {
      const lines = read(path).split(/\r?\n/).slice(1, -1);
      for (const line of lines) expect(line).toMatch(allQuoted);
    }
  });

  it('writes the roster header in the agreed column order', () => {
    expect(read(worlds.demo!.world.roster).split('\r\n')[0]).toBe(
      'Provider NPI,Entity Type,Last Name,First Name,Middle Name,Organization Name,Credential,' +
        'Date of Birth,Sex,Taxonomy Code,License Number,License State,Group NPI,Group Name,' +
        'Address Line 1,Address Line 2,City,State,ZIP,Phone,Effective Date',
    );
  });

  it('uses real NUCC codes from the section that fits the entity type', () => {
    const nucc = parse(read(join(REPO, 'data', 'nucc-taxonomy.csv')), { columns: true }) as Row[];
    const section = new Map(nucc.map((r) => [r.Code, r.Section]));
    for (const r of worlds.demo!.roster) {
      const want = r['Entity Type'] === 'Individual' ? 'Individual' : 'Non-Individual';
      expect(section.get(r['Taxonomy Code']!)).toBe(want);
    }
  });

  it('writes roster values in their documented shapes', () => {
    const { roster } = worlds.demo!;
    for (const r of roster) {
      expect(r.ZIP).toMatch(/^\d{5}$/);
      expect(r.Phone).toMatch(/^\(\d{3}\) 555-01\d\d$/);
      expect(r['Effective Date']).toMatch(/^\d\d\/\d\d\/\d{4}$/);
      expect(r['Date of Birth']).toMatch(/^(\d\d\/\d\d\/\d{4})?$/);
    }
    expect(roster.some((r) => r.ZIP!.startsWith('0'))).toBe(true);
    expect(roster.some((r) => /,/.test(r['Address Line 1']!))).toBe(true);
    const accented = roster.filter((r) => /[^\x20-\x7e]/.test(r['Last Name']! + r['First Name']));
    expect(accented.length).toBeGreaterThanOrEqual(3);
  });

  it('keeps most roster rows in Ohio', () => {
    const { roster } = worlds.demo!;
    expect(roster.filter((r) => r.State === 'OH').length / roster.length).toBeGreaterThan(0.7);
  });
});

describe.each(['demo', 'scaled', 'smallest'])('planted facts hold in the %s world', (key) => {
  const w = () => worlds[key]!;
  const expected = () => w().world.expected;
  const individuals = () => w().roster.filter((r) => r['Entity Type'] === 'Individual');

  it('has the announced number of rows in every file', () => {
    const e = expected();
    expect(w().roster.length).toBe(e.rosterRows);
    expect(w().nppes.length).toBe(e.nppesRows);
    expect(w().leie.length).toBe(e.leieRows);
    expect(w().sam.length).toBe(e.samRows);
  });

  it('breaks the NPI of exactly the listed records and no other', () => {
    const bad = new Map(expected().badNpis.map((b) => [b.record, b]));
    expect(bad.size).toBeGreaterThanOrEqual(9);
    w().roster.forEach((r, i) => {
      const planted = bad.get(i + 1);
      const npi = r['Provider NPI']!;
      if (planted) expect(npiProblem(npi)).toBe(planted.problem);
      else expect(isValidNpi(npi)).toBe(true);
    });
  });

  it('empties a required field on exactly the listed records', () => {
    const missing = new Map(expected().missingFields.map((m) => [m.record, m.field]));
    expect(new Set(missing.values())).toEqual(new Set(['Last Name', 'Organization Name']));
    w().roster.forEach((r, i) => {
      const required = r['Entity Type'] === 'Individual' ? 'Last Name' : 'Organization Name';
      expect(r[required] === '').toBe(missing.get(i + 1) === required);
    });
  });

  it('repeats each duplicate NPI on the two listed records with a small difference', () => {
    const { duplicates } = expected();
    expect(new Set(duplicates.map((d) => d.variant)).size).toBe(4);
    const count = new Map<string, number>();
    for (const r of w().roster) {
      count.set(r['Provider NPI']!, (count.get(r['Provider NPI']!) ?? 0) + 1);
    }
    expect([...count.values()].filter((n) => n > 1).length).toBe(duplicates.length);
    for (const d of duplicates) {
      const [a, b] = d.records.map((n) => w().roster[n - 1]!);
      expect([a!['Provider NPI'], b!['Provider NPI']]).toEqual([d.npi, d.npi]);
      expect(b).not.toEqual(a);
    }
  });

  it('lists every valid roster NPI in NPPES except the planted not-found ones', () => {
    const e = expected();
    const nppes = new Set(w().nppes.map((r) => r.NPI));
    const rosterNpis = new Set(
      w()
        .roster.map((r) => r['Provider NPI']!)
        .filter(isValidNpi),
    );
    for (const npi of rosterNpis) expect(nppes.has(npi)).toBe(!e.notInNppes.includes(npi));
    const extras = [...nppes].filter((n) => !rosterNpis.has(n));
    expect(extras.length).toBe(e.nppesExtraRows);
    expect(extras.every(isValidNpi)).toBe(true);
  });

  it('shows the deactivated NPI as a near-blank NPPES row', () => {
    const row = w().nppes.find((r) => r.NPI === expected().deactivatedNpi)!;
    const filled = Object.entries(row).filter(([, v]) => v !== '');
    expect(filled.map(([k]) => k)).toEqual(['NPI', 'NPI Deactivation Date']);
    expect(w().nppes.filter((r) => r['Entity Type Code'] === '').length).toBe(1);
  });

  it('agrees with NPPES on names except for the planted mismatch and duplicate variants', () => {
    const e = expected();
    const variantRecords = new Set(e.duplicates.map((d) => d.records[1]));
    const nppes = new Map(w().nppes.map((r) => [r.NPI, r]));
    w().roster.forEach((r, i) => {
      const n = nppes.get(r['Provider NPI']!);
      if (!n || !n['Entity Type Code'] || variantRecords.has(i + 1) || r['Last Name'] === '') {
        return;
      }
      expect(n['Healthcare Provider Taxonomy Code_1']).toBe(r['Taxonomy Code']);
      if (r['Entity Type'] !== 'Individual') return;
      const same = registryCase(r['Last Name']!) === n['Provider Last Name (Legal Name)'];
      expect(same).toBe(r['Provider NPI'] !== e.nameMismatchNpi);
      expect(n['Provider First Name']).toBe(registryCase(r['First Name']!));
    });
  });

  it('plants one LEIE hit by NPI, one by name and DOB, and one name-only lookalike', () => {
    const e = expected();
    const { leie, byNpi } = w();
    const rosterNpis = new Set(w().roster.map((r) => r['Provider NPI']));
    expect(leie.filter((r) => rosterNpis.has(r.NPI!)).map((r) => r.NPI)).toEqual([
      e.leieExcludedByNpi,
    ]);

    const p = byNpi(e.leieExcludedByNameDob.npi);
    expect(w().roster[e.leieExcludedByNameDob.record - 1]).toEqual(p);
    const hit = leie.filter(
      (r) => nameOf(r.FIRSTNAME!, r.LASTNAME!) === nameOf(p['First Name']!, p['Last Name']!),
    );
    expect(hit.length).toBe(1);
    expect(hit[0]).toMatchObject({
      NPI: '0000000000',
      DOB: mdyToCompact(p['Date of Birth']!),
      STATE: p.State,
    });

    const l = byNpi(e.leieNameOnlyLookalikeNpi);
    const look = leie.filter(
      (r) => nameOf(r.FIRSTNAME!, r.LASTNAME!) === nameOf(l['First Name']!, l['Last Name']!),
    );
    expect(look.length).toBe(1);
    expect(look[0]!.NPI).toBe('0000000000');
    expect(look[0]!.DOB).not.toBe(mdyToCompact(l['Date of Birth']!));
  });

  it('has no unplanned name hit between the roster and either exclusion list', () => {
    const e = expected();
    const listNames = new Set([
      ...w().leie.map((r) => nameOf(r.FIRSTNAME!, r.LASTNAME!)),
      ...w().sam.map((r) => nameOf(r.First!, r.Last!)),
    ]);
    const hits = individuals().filter((r) =>
      listNames.has(nameOf(r['First Name']!, r['Last Name']!)),
    );
    const planted = [
      e.leieExcludedByNpi,
      e.leieExcludedByNameDob.npi,
      e.leieNameOnlyLookalikeNpi,
      e.samExcludedByNpi,
    ];
    expect(new Set(hits.map((r) => r['Provider NPI']))).toEqual(new Set(planted));
  });

  it('plants one SAM individual by NPI and one firm matching an organisation by name only', () => {
    const e = expected();
    const { sam, byNpi } = w();
    const rosterNpis = new Set(w().roster.map((r) => r['Provider NPI']));
    const withRosterNpi = sam.filter((r) => rosterNpis.has(r.NPI!));
    expect(withRosterNpi.map((r) => [r.NPI, r.Classification])).toEqual([
      [e.samExcludedByNpi, 'Individual'],
    ]);

    const org = byNpi(e.samPossibleMatchOrgNpi);
    const orgNames = new Set(w().roster.map((r) => registryCase(r['Organization Name']!)));
    const firmHits = sam.filter((r) => r.Classification === 'Firm' && orgNames.has(r.Name!));
    expect(firmHits.map((r) => [r.Name, r.NPI])).toEqual([
      [registryCase(org['Organization Name']!), ''],
    ]);
  });

  it('writes exclusion-list values in the real sentinel and date formats', () => {
    const { leie, sam } = w();
    for (const r of leie) {
      expect(r.NPI === '0000000000' || isValidNpi(r.NPI)).toBe(true);
      expect([r.REINDATE, r.WAIVERDATE]).toEqual(['00000000', '00000000']);
      expect(r.EXCLDATE).toMatch(/^\d{8}$/);
      expect(r.DOB).toMatch(r.BUSNAME ? /^$/ : /^\d{8}$/);
    }
    expect(leie.filter((r) => r.NPI === '0000000000').length / leie.length).toBeGreaterThan(0.8);
    for (const r of sam) {
      expect(r['Active Date']).toMatch(/^\d\d\/\d\d\/\d{4}$/);
      expect(r['Termination Date']).toMatch(/^(\d\d\/\d\d\/\d{4}|Indefinite)$/);
      expect(r.Creation_Date).toMatch(/^\d{4}-\d\d-\d\d$/);
      expect(r['Record Status']).toBe('Active');
      expect(r.NPI === '' || isValidNpi(r.NPI)).toBe(true);
    }
  });

  it('leaves the date of birth empty for exactly the listed individuals', () => {
    const noDob = new Set(expected().noDobNpis);
    expect(noDob.size).toBeGreaterThanOrEqual(4);
    for (const r of individuals()) {
      expect(r['Date of Birth'] === '').toBe(noDob.has(r['Provider NPI']!));
    }
  });

  it('points every Group NPI at an organisation on the roster', () => {
    const orgs = new Set(
      w()
        .roster.filter((r) => r['Entity Type'] === 'Organization')
        .map((r) => r['Provider NPI']),
    );
    const grouped = individuals().filter((r) => r['Group NPI'] !== '');
    expect(grouped.length / individuals().length).toBeGreaterThan(0.6);
    for (const r of grouped) expect(orgs.has(r['Group NPI'])).toBe(true);
  });
});

describe('NPPES endpoint file', () => {
  it('lists endpoints for about one provider in ten, all active in NPPES', () => {
    const { world } = worlds.scaled!;
    const endpoints = rows(world.endpoints);
    const npis = new Set(endpoints.map((r) => r.NPI));
    const active = new Set(
      rows(world.nppes)
        .filter(
          (r) =>
            r['Provider Last Name (Legal Name)'] ||
            r['Provider Organization Name (Legal Business Name)'],
        )
        .map((r) => r.NPI),
    );
    expect([...npis].sort()).toEqual(world.expected.endpointNpis);
    expect(endpoints).toHaveLength(world.expected.endpointRows);
    const share = npis.size / active.size;
    expect(share).toBeGreaterThan(0.06);
    expect(share).toBeLessThan(0.14);
    for (const npi of npis) expect(active.has(npi), npi).toBe(true);
  });

  it('writes only addresses under the reserved .example domain', () => {
    for (const r of rows(worlds.demo!.world.endpoints)) {
      expect(r.Endpoint).toMatch(
        /^(https:\/\/[a-z0-9.-]+\.example\/r4|[a-z0-9.]+@[a-z0-9.-]+\.example)$/,
      );
      expect(['DIRECT', 'FHIR']).toContain(r['Endpoint Type']);
    }
  });

  it('names an affiliated group with its NPPES spelling and address', () => {
    const { world } = worlds.demo!;
    const byNpi = new Map(rows(world.nppes).map((r) => [r.NPI, r]));
    const orgs = new Set(
      [...byNpi.values()].map((r) => r['Provider Organization Name (Legal Business Name)']),
    );
    const affiliated = rows(world.endpoints).filter((r) => r.Affiliation === 'Y');
    expect(affiliated.length).toBeGreaterThan(0);
    for (const r of affiliated) {
      expect(orgs.has(r['Affiliation Legal Business Name'])).toBe(true);
      expect(r['Affiliation Address Postal Code']).toMatch(/^\d{5}$/);
    }
  });
});
