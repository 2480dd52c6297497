import { describe, expect, it } from 'vitest';
import { surviveGroupReference, surviveRecord } from '../../../src/transform/dedupe/survive.js';
import { AGENCY_ID } from '../../../src/transform/fhir/provenance.js';
import {
  buildResources,
  type MasterView,
  type RowView,
} from '../../../src/transform/fhir/resources.js';
import type { CheckView } from '../../../src/transform/fhir/verification.js';
import { validateFhirResource } from '../../../src/validate/fhir-schema.js';
import { checkProfiles } from '../../../src/validate/profiles/index.js';
import { NPI, memberRow } from '../dedupe/helpers.js';

const T = '2026-03-01T04:00:00.000Z';
const SITE = { address1: '9 Elm St', address2: null, city: 'Akron', state: 'OH', zip: '44301' };

function person(id: string, npi: string, groups: string[], status: MasterView['status'], row = 1) {
  const record = surviveRecord(
    [memberRow(row, { npi, lastName: id, phone: id === 'p-2' ? null : '6145550100', ...SITE })],
    npi,
  );
  record.groupNpis = groups;
  return { id, kind: 'practitioner', npi, status, record } as MasterView;
}

function org(id: string, npi: string, status: MasterView['status'], refs: number[]): MasterView {
  const record = surviveGroupReference(
    npi,
    refs.map((r) => memberRow(r, { groupName: `Group ${id}` })),
  );
  return { id, kind: 'organization', npi, status, record };
}

const rows = new Map<number, RowView>(
  [1, 2, 3, 4].map((rowId) => [
    rowId,
    { rowId, file: 'roster.csv', fileSha256: 'abc', line: rowId + 1, phone: null, ...SITE },
  ]),
);
// Row 5 names group2 but has no address: group2 cannot get one.
rows.set(5, {
  ...rows.get(1)!,
  rowId: 5,
  line: 6,
  address1: null,
  city: null,
  state: null,
  zip: null,
});

const check = (masterId: string, rowId: number, source: string, outcome: string): CheckView => ({
  masterId,
  rowId,
  source,
  outcome: outcome as CheckView['outcome'],
  reason: 'x',
  snapshotId: `${source}-s1`,
  published: '2026-02-01',
  checkedAt: '2026-02-20T00:00:00.000Z',
  attestedAt: '2026-02-19T10:00:00.000Z',
});

describe('building the export resources', () => {
  const masters = [
    person('p-2', NPI.a, [NPI.group, NPI.group2], 'active', 1),
    person('p-1', NPI.b, [NPI.group], 'active', 2),
    person('p-3', NPI.c, [NPI.group], 'excluded', 3),
    org('o-9', NPI.group, 'active', [1, 2]),
    org('o-8', NPI.group2, 'active', [5]),
  ];
  const checks = [check('p-1', 2, 'nppes', 'verified'), check('p-1', 2, 'leie', 'not-found')];
  checks.push(check('p-3', 3, 'leie', 'excluded'));
  const set = buildResources(masters, T, { rows, checks, agencyName: 'Ohio Medicaid' });

  it('leaves out excluded masters and a group without any address, reporting the latter', () => {
    expect(set.Practitioner.map((p) => p.id)).toEqual(['p-1', 'p-2']);
    expect(set.Organization.map((o) => o.id)).toEqual(['o-9', AGENCY_ID]);
    expect(set.excluded).toBe(1);
    const errors = set.errors.filter((e) => e.issue[0].severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0].issue[0]).toMatchObject({ expression: ['Organization.address'] });
    expect(errors[0].issue[0].diagnostics).toMatch(/^master o-8: .*roster.csv line 6$/);
  });

  it('gives a group known by reference the practice address its members give', () => {
    const o9 = set.Organization.find((o) => o.id === 'o-9')!;
    expect(o9).toMatchObject({ name: 'Group o-9', address: [{ city: 'Akron' }] });
  });

  it('makes roles only to exported groups and leaves out a role with no phone at all (pd-1)', () => {
    const pairs = set.PractitionerRole.map(
      (r) => `${r.practitioner.reference} ${r.organization.reference}`,
    );
    // p-2 has no phone and the group none either: its role is left out with a warning.
    expect(pairs).toEqual(['Practitioner/p-1 Organization/o-9']);
    const warnings = set.errors.filter((e) => e.issue[0].severity === 'warning');
    expect(warnings.map((w) => w.issue[0].expression)).toEqual([['PractitionerRole.telecom']]);
    expect(warnings[0].issue[0].diagnostics).toMatch(/^master p-2: .*roster.csv line 2$/);
  });

  it('puts both masters and the group at one shared Location', () => {
    expect(set.Location).toHaveLength(1);
    expect(set.Location[0]).toMatchObject({
      name: 'Group o-9 - Akron',
      status: 'active',
      managingOrganization: { reference: 'Organization/o-9' },
    });
    expect(set.PractitionerRole[0].location).toEqual([
      { reference: `Location/${set.Location[0].id}` },
    ]);
  });

  it('writes verification results and provenance only for exported targets', () => {
    expect(set.VerificationResult.map((v) => v.target[0].reference)).toEqual([
      'Practitioner/p-1',
      'Practitioner/p-1',
    ]);
    expect(set.Provenance.map((p) => p.target[0].reference).sort()).toEqual([
      'Organization/o-9',
      'Practitioner/p-1',
      'Practitioner/p-2',
    ]);
    const p1 = set.Provenance.find((p) => p.id === 'pv-p-1')!;
    expect(p1.entity.map((e) => e.what.identifier.value)).toEqual(['abc', 'leie-s1', 'nppes-s1']);
    expect(set.Device.map((d) => d.id)).toEqual(['credkit']);
  });

  it('produces resources that pass the R4 schema and the profile rules, sorted by id', () => {
    const all = [
      ...set.Practitioner,
      ...set.PractitionerRole,
      ...set.Organization,
      ...set.Location,
      ...set.VerificationResult,
      ...set.Provenance,
      ...set.Device,
      ...set.errors,
    ];
    for (const r of all) {
      expect(validateFhirResource(r), `${r.resourceType}/${r.id}`).toEqual([]);
      expect(checkProfiles(r), `${r.resourceType}/${r.id}`).toEqual([]);
    }
    for (const list of [set.Practitioner, set.PractitionerRole, set.VerificationResult]) {
      const ids = list.map((r) => r.id);
      expect(ids).toEqual([...ids].sort());
    }
  });
});
