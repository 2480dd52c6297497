import { screenAll } from '../transform/dedupe/helpers.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importLayoutFile } from '../../src/pipeline/import-layout.js';
import { verify } from '../../src/pipeline/verify.js';
import { dedupe } from '../../src/pipeline/dedupe.js';
import { exportBulk } from '../../src/pipeline/export.js';
import type { OpenedContext } from '../../src/pipeline/context.js';
import type { ProviderRow } from '../../src/model.js';
import { resolveLayout } from '../../src/sources/boards/layout-file.js';
import { insertRows, tempContext } from '../helpers/workspace.js';

const AS_OF = '2026-11-20';
const FIXTURES = join(import.meta.dirname, '../../fixtures/boards');

const oh = (licenseNumber: string, lastName: string, extra: Partial<ProviderRow> = {}) => ({
  licenseNumber,
  licenseState: 'OH',
  lastName,
  firstName: 'A',
  ...extra,
});

/** Roster rows by label, licence numbers as fixtures/boards plants them. */
const ROSTER: Record<string, Partial<ProviderRow>> = {
  active: oh('35.555243', 'Redfern'),
  nursingSpaced: oh('RN.490092', 'Featherby'),
  expiredByDate: oh('35.224995', 'Bancroft'),
  expiredStatus: oh('RN.813326', 'Xiong'),
  lapsed: oh('RN.154606', 'Galloway'),
  revoked: oh('36.976665', 'Gómez'),
  suspended: oh('RN.252091', 'Gomez'),
  probation: oh('APRN.CNP.216385', 'Vasquez'),
  discipline: oh('34.072038', 'Chowdry'),
  otherName: oh('50.710427', 'Radcliffe'),
  notOnFile: oh('35.309341', 'Jessup'),
  noLicense: { lastName: 'Nolicence', licenseState: 'OH' },
  otherState: oh('35.392089', 'Bancroft', { licenseState: 'PA' }),
  otherBoard: oh('PT.297341', 'Goldhawk', { npi: '2365747080', dob: '1974-07-04' }),
  org: { entityType: 'organization', orgName: 'Clinic', licenseNumber: '35.555243' },
};

let ctx: OpenedContext;
let ids: Record<string, number>;

beforeEach(() => {
  ctx = tempContext();
  const labels = Object.keys(ROSTER);
  const rowIds = insertRows(ctx, 'b1', Object.values(ROSTER));
  ids = Object.fromEntries(labels.map((l, i) => [l, rowIds[i]]));
});
afterEach(() => ctx.close());

async function importFixtures(): Promise<void> {
  await importLayoutFile(
    ctx,
    resolveLayout('oh-med', 'board'),
    join(FIXTURES, 'oh-med-licenses-2026-11-15.csv'),
  );
  await importLayoutFile(
    ctx,
    resolveLayout('oh-nursing', 'board'),
    join(FIXTURES, 'oh-nursing-licensees.txt'),
  );
  await importLayoutFile(
    ctx,
    resolveLayout('oh-medicaid', 'state-list'),
    join(FIXTURES, 'oh-medicaid-exclusions.csv'),
  );
}

interface CheckRow {
  source: string;
  outcome: string;
  reason: string;
  evidence: string;
}

function checksOf(label: string): CheckRow[] {
  return ctx.db
    .prepare(
      'SELECT source, outcome, reason, evidence FROM checks WHERE row_id = ? ORDER BY source',
    )
    .all(ids[label]) as CheckRow[];
}

function boardOutcome(label: string): string[] {
  return checksOf(label)
    .filter((c) => c.source.startsWith('board:'))
    .map((c) => `${c.source} ${c.outcome} ${c.reason}`);
}

describe('verify against licence boards', () => {
  beforeEach(async () => {
    await importFixtures();
    await verify(ctx, { layouts: ['boards', 'state-lists'], asOf: AS_OF });
  });

  it.each([
    ['active', 'board:oh-med verified license-active'],
    ['nursingSpaced', 'board:oh-nursing verified license-active'],
    ['expiredByDate', 'board:oh-med discrepancy license-expired'],
    ['expiredStatus', 'board:oh-nursing discrepancy license-expired'],
    ['lapsed', 'board:oh-nursing discrepancy license-inactive'],
    ['revoked', 'board:oh-med discrepancy license-revoked'],
    ['suspended', 'board:oh-nursing discrepancy license-suspended'],
    ['probation', 'board:oh-nursing discrepancy license-probation'],
    ['discipline', 'board:oh-med discrepancy license-discipline'],
    ['otherName', 'board:oh-med discrepancy name-mismatch'],
    ['notOnFile', 'board:oh-med not-found license-not-found'],
  ])('gives %s: %s', (label, expected) => {
    expect(boardOutcome(label)).toEqual([expected]);
  });

  it('gives a row without a licence number insufficient-data from each board of its state', () => {
    expect(boardOutcome('noLicense')).toEqual([
      'board:oh-med insufficient-data no-license-number',
      'board:oh-nursing insufficient-data no-license-number',
    ]);
  });

  it('checks no licence of another state, of another board, or of an organisation', () => {
    expect(boardOutcome('otherState')).toEqual([]);
    expect(boardOutcome('otherBoard')).toEqual([]);
    expect(boardOutcome('org')).toEqual([]);
  });

  it('keeps evidence: snapshot, licence asked, matched line and status, no DOB', () => {
    const [c] = checksOf('expiredByDate').filter((x) => x.source === 'board:oh-med');
    const ev = JSON.parse(c.evidence);
    expect(ev.snapshotId).toMatch(/^board-oh-med-/);
    expect(ev.published).toBe('2026-11-15');
    expect(ev.query).toEqual({ licenseNumber: '35.224995' });
    expect(ev.matched).toMatchObject({ line: 2, status: 'active', expirationDate: '2025-06-30' });
    expect(ev.rawSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(ev.compared).toMatchObject({ expired: true, nameMatch: true });
    expect(c.evidence).not.toMatch(/dob/i);
  });
});

describe('verify against a state Medicaid list', () => {
  it('excludes an NPI found among several in a cell; the master is not exported', async () => {
    await importFixtures();
    const r = await verify(ctx, { layouts: ['state-lists'], asOf: AS_OF });
    expect(Object.keys(r.bySource)).toEqual(['state-list:oh-medicaid']);
    const [c] = checksOf('otherBoard');
    expect(c).toMatchObject({ source: 'state-list:oh-medicaid', outcome: 'excluded' });
    expect(c.reason).toBe('npi-match');
    expect(JSON.parse(c.evidence).matched.npiRaw).toBe('2365747080 & 1673910422');

    await dedupe(ctx);
    const status = ctx.db
      .prepare(
        `SELECT m.status FROM masters m JOIN master_members mm ON mm.master_id = m.id
         WHERE mm.row_id = ?`,
      )
      .get(ids.otherBoard) as { status: string };
    expect(status.status).toBe('excluded');
    // The export holds back anyone not screened by NPPES, LEIE and SAM: give the rest a clear run.
    const rowIds = ctx.db.prepare('SELECT id FROM roster_rows').all() as { id: number }[];
    screenAll(
      ctx.db,
      rowIds.map((r) => r.id),
    );
    const out = await exportBulk(ctx, {});
    const practitioners = readdirSync(out.exportDir)
      .filter((f) => f.endsWith('.Practitioner.ndjson'))
      .map((f) => readFileSync(join(out.exportDir, f), 'utf8'))
      .join('');
    expect(practitioners.length).toBeGreaterThan(0);
    expect(practitioners).not.toContain('2365747080');
  });
});

describe('verify fail-closed rule for boards', () => {
  it('gives rows in scope of a bundled board never imported source-unavailable', async () => {
    const r = await verify(ctx, { layouts: ['board:oh-med'], asOf: AS_OF });
    // Six OH rows with a medical-board licence number and one OH row without any.
    expect(r.bySource['board:oh-med']['source-unavailable']).toBe(7);
    expect(boardOutcome('active')).toEqual(['board:oh-med source-unavailable no-snapshot']);
    expect(boardOutcome('lapsed')).toEqual([]);
  });

  it('refuses an unknown board name (E_BAD_SOURCE, exit 2)', async () => {
    await expect(verify(ctx, { layouts: ['board:xx-none'], asOf: AS_OF })).rejects.toMatchObject({
      code: 'E_BAD_SOURCE',
      exit: 2,
    });
  });

  it('checks no board when only NPPES, LEIE or SAM are asked for', async () => {
    await importFixtures();
    const r = await verify(ctx, { sources: ['leie'], asOf: AS_OF });
    expect(Object.keys(r.bySource)).toEqual(['leie']);
  });
});
