import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderRow } from '../../src/model.js';
import { dedupe } from '../../src/pipeline/dedupe.js';
import { exportBulk, type ExportResult } from '../../src/pipeline/export.js';
import { validateFhirResource } from '../../src/validate/fhir-schema.js';
import { checkExportDir, referencesIn } from '../../src/validate/ndjson.js';
import { withCheckDigit } from '../../src/transform/npi.js';
import {
  NPI,
  insertCheck,
  screenAll,
  insertRows,
  openTestWorkspace,
  providerRow,
  type TestWorkspace,
} from '../transform/dedupe/helpers.js';

const open: TestWorkspace[] = [];
afterEach(() => {
  for (const ws of open.splice(0)) ws.cleanup();
});

const EXCLUDED_NPI = withCheckDigit('188800004');
const TYPES =
  'Practitioner,PractitionerRole,Organization,Location,Endpoint,OrganizationAffiliation,' +
  'VerificationResult,Provenance,Device';
const DEACTIVATED_GROUP = withCheckDigit('199900005');

/** A roster with groups, a derived group, an excluded practitioner and a deactivated group. */
function roster(): ProviderRow[] {
  const rows: ProviderRow[] = [];
  for (let i = 0; i < 7; i++) {
    rows.push(
      providerRow({
        npi: withCheckDigit(String(110000000 + i)),
        lastName: `Last${i}`,
        firstName: `First${i}`,
        dob: `1980-01-0${i + 1}`,
        sex: i % 2 ? 'M' : 'F',
        credential: 'MD',
        taxonomy: i % 2 ? '207Q00000X' : '207R00000X',
        licenseNumber: `L${i}`,
        licenseState: 'OH',
        groupNpi: i < 4 ? NPI.group : DEACTIVATED_GROUP,
        groupName: i < 4 ? 'Valley Group' : 'Lake Group',
        address1: `${i} Main St`,
        city: 'Columbus',
        state: 'OH',
        zip: '43004',
        phone: '6145550100',
      }),
    );
  }
  rows.push(providerRow({ npi: EXCLUDED_NPI, lastName: 'Gone', groupNpi: NPI.group }));
  rows.push(
    providerRow({ lastName: 'Nonpi', firstName: 'Pat', dob: '1970-07-07', groupNpi: NPI.group2 }),
  );
  rows.push(
    providerRow({ entityType: 'organization', npi: DEACTIVATED_GROUP, orgName: 'Lake Group' }),
  );
  return rows;
}

async function seeded(): Promise<TestWorkspace> {
  const ws = openTestWorkspace();
  open.push(ws);
  const ids = insertRows(ws.ctx.db, 'b1', roster());
  for (const id of ids) insertCheck(ws.ctx.db, id, 'leie', 'not-found', 'not-listed');
  ws.ctx.db
    .prepare("UPDATE checks SET outcome = 'excluded', reason = 'npi-match' WHERE row_id = ?")
    .run(ids[7]);
  insertCheck(ws.ctx.db, ids[9], 'nppes', 'discrepancy', 'npi-deactivated');
  screenAll(ws.ctx.db, ids);
  await dedupe(ws.ctx);
  return ws;
}

function manifestOf(r: ExportResult) {
  return JSON.parse(readFileSync(r.manifest, 'utf8')) as {
    transactionTime: string;
    request: string;
    requiresAccessToken: boolean;
    output: { type: string; url: string; count: number }[];
    deleted: { type: string; url: string; count: number }[];
    error: { type: string; url: string; count: number }[];
  };
}

function linesOf(dir: string, file: string): string[] {
  const text = readFileSync(join(dir, file), 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n');
}

describe('export stage', () => {
  it('writes a file per type whose lines parse and match its type and manifest count', async () => {
    const { ctx } = await seeded();
    const r = await exportBulk(ctx);
    const m = manifestOf(r);
    expect(r.exportDir).toBe(join(ctx.ws.exportsDir, r.exportId));
    expect(m).toMatchObject({ requiresAccessToken: false, deleted: [] });
    expect(m.request).toBe(`urn:credkit:export/$export?_type=${TYPES}`);
    expect(m.output.map((o) => o.url)).toEqual([
      '1.Practitioner.ndjson',
      '1.PractitionerRole.ndjson',
      '1.Organization.ndjson',
      '1.Location.ndjson',
      '1.VerificationResult.ndjson',
      '1.Provenance.ndjson',
      '1.Device.ndjson',
    ]);
    expect(m.error).toEqual([
      { type: 'OperationOutcome', url: '1.OperationOutcome.ndjson', count: 1 },
    ]);
    for (const item of [...m.output, ...m.error]) {
      const lines = linesOf(r.exportDir, item.url);
      expect(lines).toHaveLength(item.count);
      for (const l of lines) expect(JSON.parse(l).resourceType).toBe(item.type);
    }
    expect(readdirSync(r.exportDir).sort()).toEqual(
      [...m.output.map((o) => o.url), ...m.error.map((o) => o.url), 'manifest.json'].sort(),
    );
  });

  it('exports only active masters and counts the ones left out', async () => {
    const { ctx } = await seeded();
    const r = await exportBulk(ctx);
    // 7 listed + 1 without NPI; the excluded one is left out. Organisations: Valley (derived,
    // its address from its members' rows) and the agency; group2 (derived) has no address
    // anywhere, so it goes to the error file; Lake Group is deactivated.
    expect(r.resources).toMatchObject({ Practitioner: 8, PractitionerRole: 4, Organization: 2 });
    expect(r.excluded).toBe(2);
    expect(r.errors).toBe(1);
    const all = readdirSync(r.exportDir)
      .filter((f) => f.endsWith('.ndjson'))
      .map((f) => readFileSync(join(r.exportDir, f), 'utf8'))
      .join('');
    expect(all).not.toContain(EXCLUDED_NPI);
    expect(all).not.toContain(DEACTIVATED_GROUP);
    expect(all).not.toContain('1980-01-0');
  });

  it('writes resources that all pass the FHIR R4 schema and whose references resolve', async () => {
    const { ctx } = await seeded();
    const r = await exportBulk(ctx, { validate: false });
    expect(checkExportDir(r.exportDir, { schema: true })).toEqual([]);
    const ids = new Set<string>();
    const refs: string[] = [];
    expect(checkExportDir(r.exportDir, { profiles: true })).toEqual([]);
    for (const item of manifestOf(r).output) {
      for (const l of linesOf(r.exportDir, item.url)) {
        const resource = JSON.parse(l);
        expect(validateFhirResource(resource), `${resource.resourceType}/${resource.id}`).toEqual(
          [],
        );
        ids.add(`${resource.resourceType}/${resource.id}`);
        refs.push(...referencesIn(resource));
      }
    }
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(ids.has(ref), ref).toBe(true);
  });

  it('writes the same bytes twice apart from lastUpdated and transactionTime', async () => {
    const { ctx } = await seeded();
    const first = await exportBulk(ctx);
    await new Promise((done) => setTimeout(done, 5));
    const second = await exportBulk(ctx);
    expect(second.exportId).not.toBe(first.exportId);
    const t1 = manifestOf(first).transactionTime;
    const t2 = manifestOf(second).transactionTime;
    expect(t1).not.toBe(t2);
    const mask = (text: string, t: string) => text.split(t).join('<T>');
    const files = readdirSync(first.exportDir).sort();
    expect(readdirSync(second.exportDir).sort()).toEqual(files);
    for (const f of files) {
      const a = mask(readFileSync(join(first.exportDir, f), 'utf8'), t1);
      const b = mask(readFileSync(join(second.exportDir, f), 'utf8'), t2);
      expect(b, f).toBe(a);
    }
  });

  it('sorts lines by id and splits a type over numbered files', async () => {
    const { ctx } = await seeded();
    const r = await exportBulk(ctx, { maxPerFile: 3 });
    const practitioners = manifestOf(r).output.filter((o) => o.type === 'Practitioner');
    expect(practitioners.map((o) => [o.url, o.count])).toEqual([
      ['1.Practitioner.ndjson', 3],
      ['2.Practitioner.ndjson', 3],
      ['3.Practitioner.ndjson', 2],
    ]);
    const ids = practitioners.flatMap((o) =>
      linesOf(r.exportDir, o.url).map((l) => JSON.parse(l).id),
    );
    expect(ids).toEqual([...ids].sort());
    expect(checkExportDir(r.exportDir)).toEqual([]);
  });

  it('uses absolute URLs under --base-url and records the export', async () => {
    const { ctx } = await seeded();
    const r = await exportBulk(ctx, { baseUrl: 'https://files.example.org/bulk/' });
    const m = manifestOf(r);
    expect(m.request).toBe(`https://files.example.org/bulk/$export?_type=${TYPES}`);
    expect(m.output[0].url).toBe('https://files.example.org/bulk/1.Practitioner.ndjson');
    expect(checkExportDir(r.exportDir)).toEqual([]);
    const row = ctx.db.prepare('SELECT * FROM exports WHERE id = ?').get(r.exportId) as Record<
      string,
      string
    >;
    expect(row).toMatchObject({
      transaction_time: m.transactionTime,
      dir: r.exportDir,
      status: 'complete',
    });
    expect(JSON.parse(row.counts)).toEqual({
      resources: r.resources,
      excluded: r.excluded,
      unscreened: 0,
      deleted: 0,
      errors: r.errors,
    });
    expect(readdirSync(ctx.ws.exportsDir).filter((f) => f.startsWith('.tmp'))).toEqual([]);
  });

  it('publishes nothing when a resource fails its checks', async () => {
    const { ctx } = await seeded();
    const row = ctx.db
      .prepare(
        "SELECT id, record FROM masters WHERE status = 'active' AND kind = 'practitioner' LIMIT 1",
      )
      .get() as { id: string; record: string };
    const broken = { ...JSON.parse(row.record), phone: 6145550100 };
    ctx.db
      .prepare('UPDATE masters SET record = ? WHERE id = ?')
      .run(JSON.stringify(broken), row.id);
    await expect(exportBulk(ctx)).rejects.toMatchObject({ code: 'E_EXPORT_INVALID', exit: 1 });
    expect(readdirSync(ctx.ws.exportsDir)).toEqual([]);
    expect(ctx.db.prepare('SELECT COUNT(*) AS n FROM exports').get()).toEqual({ n: 0 });
  });

  it('refuses a bad base URL or file size, and an empty database, as usage errors', async () => {
    const { ctx } = await seeded();
    await expect(exportBulk(ctx, { baseUrl: 'not a url' })).rejects.toMatchObject({
      code: 'E_BAD_BASE_URL',
      exit: 2,
    });
    await expect(exportBulk(ctx, { maxPerFile: 0 })).rejects.toMatchObject({
      code: 'E_BAD_OPTION',
      exit: 2,
    });
    const empty = openTestWorkspace();
    open.push(empty);
    await expect(exportBulk(empty.ctx)).rejects.toMatchObject({ code: 'E_NO_MASTERS', exit: 2 });
  });

  it('fails closed: leaves out a provider that a required source has not screened', async () => {
    const ws = openTestWorkspace();
    open.push(ws);
    const ids = insertRows(ws.ctx.db, 'b1', roster());
    insertCheck(ws.ctx.db, ids[0], 'sam', 'source-unavailable', 'no-snapshot');
    screenAll(ws.ctx.db, ids.slice(2));
    await dedupe(ws.ctx);
    const r = await exportBulk(ws.ctx, {});
    expect(r.unscreened).toBeGreaterThanOrEqual(2);
    const outcomes = readFileSync(join(r.exportDir, '1.OperationOutcome.ndjson'), 'utf8');
    expect(outcomes).toContain('not screened against');
    expect(outcomes).toContain('sam');
    const practitioners = readFileSync(join(r.exportDir, '1.Practitioner.ndjson'), 'utf8');
    for (const id of ids.slice(0, 2)) {
      const master = ws.ctx.db
        .prepare('SELECT master_id AS m FROM master_members WHERE row_id = ?')
        .get(id) as { m: string };
      expect(practitioners).not.toContain(`"id":"${master.m}"`);
    }
  });
});
