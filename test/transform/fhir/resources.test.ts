import { describe, expect, it } from 'vitest';
import { surviveGroupReference, surviveRecord } from '../../../src/transform/dedupe/survive.js';
import { buildResources, type MasterView } from '../../../src/transform/fhir/resources.js';
import { NPI, memberRow } from '../dedupe/helpers.js';

const T = '2026-03-01T04:00:00.000Z';

function person(
  id: string,
  npi: string,
  groups: string[],
  status: MasterView['status'],
): MasterView {
  const record = surviveRecord([memberRow(1, { npi, lastName: id })], npi);
  record.groupNpis = groups;
  return { id, kind: 'practitioner', npi, status, record };
}

function org(id: string, npi: string, status: MasterView['status']): MasterView {
  return { id, kind: 'organization', npi, status, record: surviveGroupReference(npi, []) };
}

describe('building the export resources', () => {
  const masters = [
    person('p-2', NPI.a, [NPI.group, NPI.group2], 'active'),
    person('p-1', NPI.b, [NPI.group], 'active'),
    person('p-3', NPI.c, [NPI.group], 'excluded'),
    org('o-9', NPI.group, 'active'),
    org('o-8', NPI.group2, 'deactivated'),
  ];
  const set = buildResources(masters, T);

  it('leaves out excluded and deactivated masters and counts them', () => {
    expect(set.Practitioner.map((p) => p.id)).toEqual(['p-1', 'p-2']);
    expect(set.Organization.map((o) => o.id)).toEqual(['o-9']);
    expect(set.excluded).toBe(2);
  });

  it('makes one role per practitioner and exported group, none to a left-out one', () => {
    const pairs = set.PractitionerRole.map(
      (r) => `${r.practitioner.reference} ${r.organization.reference}`,
    );
    expect(pairs.sort()).toEqual([
      'Practitioner/p-1 Organization/o-9',
      'Practitioner/p-2 Organization/o-9',
    ]);
  });

  it('sorts every list by id', () => {
    for (const list of [set.Practitioner, set.PractitionerRole, set.Organization]) {
      const ids = list.map((r) => r.id);
      expect(ids).toEqual([...ids].sort());
    }
  });
});
