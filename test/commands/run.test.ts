import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { validateFhirResource } from '../../src/validate/fhir-schema.js';

const BIN = join(import.meta.dirname, '../../bin/credkit');
const EXPECTED = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../fixtures/demo/expected.json'), 'utf8'),
);

interface RunJson {
  exportDir: string;
  manifest: string;
  rows: { read: number; loaded: number; rejected: number; skipped: number };
  checks: Record<string, number>;
  bySource: Record<string, Record<string, number>>;
  masters: number;
  resources: Record<string, number>;
  incomplete: string[];
}

function runDemo(ws: string): { status: number | null; json: RunJson; stderr: string } {
  const r = spawnSync(BIN, ['run', '--demo', '--workspace', ws, '--json'], { encoding: 'utf8' });
  return { status: r.status, json: JSON.parse(r.stdout) as RunJson, stderr: r.stderr };
}

function readNdjson(dir: string): Map<string, Record<string, unknown>[]> {
  const byType = new Map<string, Record<string, unknown>[]>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ndjson'))) {
    const type = f.split('.')[1];
    const lines = readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean);
    byType.set(type, [...(byType.get(type) ?? []), ...lines.map((l) => JSON.parse(l))]);
  }
  return byType;
}

function npis(resources: Record<string, unknown>[] = []): string[] {
  return resources.flatMap((r) =>
    ((r.identifier as { system: string; value: string }[]) ?? [])
      .filter((i) => i.system === 'http://hl7.org/fhir/sid/us-npi')
      .map((i) => i.value),
  );
}

describe('credkit run --demo', () => {
  const ws = mkdtempSync(join(tmpdir(), 'credkit-run-'));
  let first: ReturnType<typeof runDemo>;

  beforeAll(() => {
    first = runDemo(ws);
  });

  it('exits 0 and prints one JSON summary with every part the nightly job reports', () => {
    expect(first.status, first.stderr).toBe(0);
    expect(first.json.incomplete).toEqual([]);
    expect(first.json.masters).toBeGreaterThan(0);
    for (const type of ['Practitioner', 'PractitionerRole', 'Organization']) {
      expect(first.json.resources[type], type).toBeGreaterThan(0);
    }
  });

  it('accounts for every roster row: read = loaded + rejected + skipped', () => {
    const { read, loaded, rejected, skipped } = first.json.rows;
    expect(read).toBe(EXPECTED.rosterRows);
    expect(loaded + rejected + skipped).toBe(read);
    expect(rejected).toBeGreaterThanOrEqual(EXPECTED.badNpiRecords.length);
  });

  it('rejects the rows with bad NPIs and stores the reason', () => {
    const db = new Database(join(ws, 'credkit.sqlite'), { readonly: true });
    const rejected = db
      .prepare(
        `SELECT DISTINCT record FROM findings WHERE severity = 'error'
                AND code IN ('E_NPI_CHECKDIGIT', 'E_NPI_FORMAT')`,
      )
      .all()
      .map((r) => (r as { record: number }).record);
    db.close();
    for (const record of EXPECTED.badNpiRecords) expect(rejected).toContain(record);
  });

  it('marks the LEIE and SAM hits as excluded, with evidence, and leaves them out of the export', () => {
    const db = new Database(join(ws, 'credkit.sqlite'), { readonly: true });
    const outcome = (npi: string, source: string) =>
      db
        .prepare(
          `SELECT c.outcome, c.evidence FROM checks c JOIN roster_rows r ON r.id = c.row_id
                  WHERE r.npi = ? AND c.source = ?`,
        )
        .all(npi, source) as { outcome: string; evidence: string }[];
    const cases: [string, string][] = [
      [EXPECTED.leieExcludedByNpi, 'leie'],
      [EXPECTED.leieExcludedByNameDob.npi, 'leie'],
      [EXPECTED.samExcludedByNpi, 'sam'],
    ];
    const exported = npis(readNdjson(first.json.exportDir).get('Practitioner'));
    for (const [npi, source] of cases) {
      const rows = outcome(npi, source);
      expect(rows.length, `${source} ${npi}`).toBeGreaterThan(0);
      for (const r of rows) {
        expect(r.outcome).toBe('excluded');
        expect(JSON.parse(r.evidence).snapshotId).toBeTruthy();
      }
      expect(exported).not.toContain(npi);
    }
    db.close();
  });

  it('writes a manifest whose counts equal the NDJSON line counts, one type per file', () => {
    const manifest = JSON.parse(readFileSync(first.json.manifest, 'utf8'));
    expect(manifest).toHaveProperty('transactionTime');
    expect(manifest).toHaveProperty('request');
    expect(manifest).toHaveProperty('requiresAccessToken');
    expect(manifest.error).toEqual([]);
    for (const item of manifest.output) {
      const file = join(first.json.exportDir, item.url.split('/').pop());
      const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
      expect(lines).toHaveLength(item.count);
      for (const line of lines) expect(JSON.parse(line).resourceType).toBe(item.type);
    }
  });

  it('exports only resources that pass the FHIR R4 JSON schema', () => {
    const resources = [...readNdjson(first.json.exportDir).values()].flat();
    expect(resources.length).toBeGreaterThan(0);
    for (const resource of resources) {
      const label = `${resource.resourceType}/${resource.id}`;
      expect(validateFhirResource(resource), label).toEqual([]);
    }
  });

  it('duplicates nothing when run twice: same masters and the same resource ids', () => {
    const second = runDemo(ws);
    expect(second.status, second.stderr).toBe(0);
    expect(second.json.masters).toBe(first.json.masters);
    expect(second.json.resources).toEqual(first.json.resources);
    const ids = (dir: string) =>
      [...readNdjson(dir).values()]
        .flat()
        .map((r) => `${r.resourceType}/${r.id}`)
        .sort();
    expect(ids(second.json.exportDir)).toEqual(ids(first.json.exportDir));
  });

  it('keeps names and dates of birth out of the run logs and stderr', () => {
    const roster = readFileSync(
      join(import.meta.dirname, '../../fixtures/demo/roster.csv'),
      'utf8',
    );
    const rows = roster
      .split('\r\n')
      .slice(1, 60)
      .map((l) => l.split(','));
    const lastNames = rows.map((r) => r[2]).filter((n) => n && n.length > 3);
    const dobs = rows.map((r) => r[7]).filter(Boolean);
    const logs = readdirSync(join(ws, 'logs'))
      .map((f) => readFileSync(join(ws, 'logs', f), 'utf8'))
      .join('\n');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [...lastNames, ...dobs]) {
      expect(logs).not.toContain(secret);
      expect(first.stderr).not.toContain(secret);
    }
  });

  it('exits 4 while another live process holds the workspace lock', () => {
    const lockWs = mkdtempSync(join(tmpdir(), 'credkit-lock-'));
    execFileSync(BIN, ['init', '--workspace', lockWs]);
    // This test process is alive, so a lock naming it is held.
    const holder = { pid: process.pid, host: hostname(), started: 'now', command: 'test' };
    writeFileSync(join(lockWs, 'credkit.lock'), JSON.stringify(holder));
    const r = spawnSync(BIN, ['run', '--demo', '--workspace', lockWs], { encoding: 'utf8' });
    expect(r.status).toBe(4);
    expect(r.stderr).toContain('E_LOCKED');
    expect(r.stderr).toContain(`pid ${process.pid}`);
  });

  it('takes over a lock left behind by a dead process', () => {
    const lockWs = mkdtempSync(join(tmpdir(), 'credkit-stale-'));
    execFileSync(BIN, ['init', '--workspace', lockWs]);
    const dead = spawnSync('node', ['-e', '0']).pid!;
    const holder = { pid: dead, host: hostname(), started: 'then', command: 'test' };
    writeFileSync(join(lockWs, 'credkit.lock'), JSON.stringify(holder));
    const r = spawnSync(BIN, ['init', '--workspace', lockWs, '--json'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  });
});
