import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig } from '../../src/config.js';
import type { OpenedContext } from '../../src/pipeline/context.js';
import { dedupe } from '../../src/pipeline/dedupe.js';
import { readMasters } from '../../src/pipeline/export-read.js';
import { loadRoster } from '../../src/pipeline/load-roster.js';
import { runPipeline, type RunResult } from '../../src/pipeline/run.js';
import { openFhirRoster } from '../../src/sources/fhir/reader.js';
import { DEFAULT_AGENCY_NAME } from '../../src/transform/fhir/provenance.js';
import type { MasterView } from '../../src/transform/fhir/resources.js';
import { tempContext } from '../helpers/workspace.js';

interface Item {
  type: string;
  url: string;
}

let first: OpenedContext;
let second: OpenedContext;
let run: RunResult;
/** Ids of the Practitioner and Organization resources exported (the agency aside). */
let exported: Set<string>;
let before: Map<string, MasterView>;
let after: Map<string, MasterView>;

const byId = (list: MasterView[]) => new Map(list.map((m) => [m.id, m]));
const ids = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { id: string }).id);

/**
 * The demo is run into one workspace; its Practitioner and Organization files are then read
 * back as FHIR rosters (the other files as `related`, as `roster pull` does) into a fresh one.
 */
beforeAll(async () => {
  first = tempContext('run');
  run = await runPipeline(first, demoConfig());
  const manifest = JSON.parse(readFileSync(run.manifest, 'utf8')) as { output: Item[] };
  const files = manifest.output.map((o) => ({ type: o.type, path: join(run.exportDir, o.url) }));
  const related = files.map((f) => f.path);
  const rosters = files.filter((f) => f.type === 'Practitioner' || f.type === 'Organization');
  exported = new Set(rosters.flatMap((f) => ids(f.path)).filter((id) => id !== 'o-state-agency'));

  second = tempContext('roster load');
  for (const f of rosters) {
    await loadRoster(second, f.path, { open: (p) => openFhirRoster(p, { related }) });
  }
  await dedupe(second);
  before = byId(readMasters(first.db));
  after = byId(readMasters(second.db));
}, 60_000);

afterAll(() => {
  first?.close();
  second?.close();
});

describe('export then FHIR roster load round trip', () => {
  it('exports Endpoints for the demo endpoint file', () => {
    expect(run.resources.Endpoint).toBeGreaterThan(0);
    expect(run.snapshots['nppes-endpoints']?.rows).toBeGreaterThan(0);
  });

  it('rebuilds exactly the exported masters, under the same ids', () => {
    const rebuilt = [...after.values()].filter((m) => m.npi !== null).map((m) => m.id);
    expect(new Set(rebuilt)).toEqual(exported);
    // The agency Organization has no NPI, so it comes back as a row-keyed organisation.
    const keyless = [...after.values()].filter((m) => m.npi === null);
    expect(keyless.map((m) => [m.kind, m.record.orgName])).toEqual([
      ['organization', DEFAULT_AGENCY_NAME],
    ]);
    expect(exported.size).toBe(run.resources.Practitioner + run.resources.Organization - 1);
  });

  it('keeps NPIs, kinds, names and group links of every exported master', () => {
    for (const id of exported) {
      const a = before.get(id)!;
      const b = after.get(id)!;
      expect(b, id).toBeDefined();
      const view = (m: MasterView) => ({
        kind: m.kind,
        npi: m.npi,
        lastName: m.record.lastName,
        firstName: m.record.firstName,
        middleName: m.record.middleName,
        orgName: m.record.orgName,
        groupNpis: m.record.groupNpis,
      });
      expect(view(b), id).toEqual(view(a));
    }
  });

  it('keeps the taxonomies of practitioners exported with a role', () => {
    let compared = 0;
    for (const id of exported) {
      const a = before.get(id)!;
      if (a.kind !== 'practitioner' || a.record.groupNpis.length === 0) continue;
      expect(after.get(id)!.record.taxonomies, id).toEqual(a.record.taxonomies);
      compared++;
    }
    expect(compared).toBe(run.resources.PractitionerRole);
  });

  it('keeps the primary taxonomy of practitioners exported without a role', () => {
    let compared = 0;
    for (const id of exported) {
      const a = before.get(id)!;
      if (a.kind !== 'practitioner' || a.record.groupNpis.length > 0) continue;
      if (!a.record.taxonomies.length) continue;
      expect(after.get(id)!.record.taxonomies[0], id).toBe(a.record.taxonomies[0]);
      compared++;
    }
    expect(compared).toBeGreaterThan(0);
  });

  it('loses taxonomies that only a PractitionerRole could carry (see Known limits)', () => {
    const lost = [...exported].filter((id) => {
      const a = before.get(id)!;
      return a.record.taxonomies.length > 0 && after.get(id)!.record.taxonomies.length === 0;
    });
    for (const id of lost) {
      const a = before.get(id)!;
      expect(a.kind === 'organization' || a.record.groupNpis.length === 0, id).toBe(true);
    }
  });
});
