import { describe, expect, it } from 'vitest';
import { surviveGroupReference, surviveRecord } from '../../../src/transform/dedupe/survive.js';
import { PROFILES } from '../../../src/transform/fhir/common.js';
import { toOrganization } from '../../../src/transform/fhir/organization.js';
import { validateFhirResource } from '../../../src/validate/fhir-schema.js';
import { NPI, memberRow } from '../dedupe/helpers.js';

const T = '2026-03-01T04:00:00.000Z';

describe('Organization mapping', () => {
  it('maps an organisation row to a Plan-Net provider group that passes the R4 schema', () => {
    const record = surviveRecord(
      [
        memberRow(1, {
          entityType: 'organization',
          npi: NPI.group,
          orgName: 'Valley Clinic',
          phone: '6145550100',
          address1: '2 Oak',
          city: 'Akron',
          state: 'OH',
          zip: '44301',
        }),
      ],
      NPI.group,
    );
    const o = toOrganization('o-1', record, T);
    expect(o).toMatchObject({
      resourceType: 'Organization',
      id: 'o-1',
      meta: { lastUpdated: T, profile: [PROFILES.Organization] },
      active: true,
      name: 'Valley Clinic',
    });
    expect(o.identifier[0]).toMatchObject({
      system: 'http://hl7.org/fhir/sid/us-npi',
      value: NPI.group,
    });
    expect(o.type[0].coding?.[0]).toMatchObject({
      system: 'http://hl7.org/fhir/us/davinci-pdex-plan-net/CodeSystem/OrgTypeCS',
      code: 'prvgrp',
    });
    expect(o.address?.[0]).toMatchObject({ city: 'Akron', state: 'OH' });
    expect(validateFhirResource(o)).toEqual([]);
  });

  it('maps a group known only by reference with its NPI and group name', () => {
    const record = surviveGroupReference(NPI.group, [memberRow(5, { groupName: 'Valley Group' })]);
    const o = toOrganization('o-2', record, T);
    expect(o.name).toBe('Valley Group');
    expect(o.address).toBeUndefined();
    expect(validateFhirResource(o)).toEqual([]);
  });
});
