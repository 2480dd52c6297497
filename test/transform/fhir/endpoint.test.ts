import { describe, expect, it } from 'vitest';
import { surviveRecord } from '../../../src/transform/dedupe/survive.js';
import {
  connectionTypeOf,
  endpointId,
  toEndpoint,
  type EndpointRow,
} from '../../../src/transform/fhir/endpoint.js';
import { buildResources, type MasterView } from '../../../src/transform/fhir/resources.js';
import { validateFhirResource } from '../../../src/validate/fhir-schema.js';
import { checkProfiles } from '../../../src/validate/profiles/index.js';
import { NPI, memberRow } from '../dedupe/helpers.js';

const T = '2026-03-01T04:00:00.000Z';
const THO = 'http://terminology.hl7.org/CodeSystem/endpoint-connection-type';
const PN = 'http://hl7.org/fhir/us/davinci-pdex-plan-net/CodeSystem';
const SITE = { address1: '9 Elm St', city: 'Akron', state: 'OH', zip: '44301' };

function row(npi: string, address: string, fields: Partial<EndpointRow> = {}): EndpointRow {
  return {
    npi,
    type: 'DIRECT',
    typeDescription: 'Direct Messaging Address',
    address,
    description: 'Direct messaging',
    affiliationName: null,
    ...fields,
  };
}

function master(id: string, npi: string, fields: Record<string, unknown>): MasterView {
  const record = surviveRecord([memberRow(1, { npi, ...SITE, ...fields })], npi);
  const kind = fields.entityType === 'organization' ? 'organization' : 'practitioner';
  return { id, kind, npi, status: 'active', record };
}

const group = (id: string, npi: string, name: string, phone: string | null = '3305550100') =>
  master(id, npi, { entityType: 'organization', orgName: name, phone });

function person(groups: string[], phone: string | null = null): MasterView {
  const m = master('p-1', NPI.a, { lastName: 'Ames', firstName: 'Ann', phone });
  m.record.groupNpis = groups;
  return m;
}

describe('connectionTypeOf', () => {
  it('maps DIRECT, FHIR and REST to THO and Plan-Net codes', () => {
    expect(connectionTypeOf('DIRECT', null)).toMatchObject({ system: THO, code: 'direct-project' });
    expect(connectionTypeOf('fhir', null)).toMatchObject({ system: THO, code: 'hl7-fhir-rest' });
    const rest = connectionTypeOf('REST', null);
    expect(rest).toMatchObject({ system: `${PN}/EndpointConnectionTypeCS`, code: 'rest-non-fhir' });
  });

  it('keeps types no standard code fits under the credkit system with their description', () => {
    expect(connectionTypeOf('SOAP', 'SOAP URL')).toEqual({
      system: 'urn:credkit:nppes-endpoint-type',
      code: 'SOAP',
      display: 'SOAP URL',
    });
    expect(connectionTypeOf(null, null).code).toBe('OTHERS');
  });
});

describe('toEndpoint', () => {
  it('writes a Plan-Net Endpoint that passes the R4 schema and the profile rules', () => {
    const e = toEndpoint(row(NPI.a, ' a@direct.x.example '), 'o-1', T);
    expect(e).toMatchObject({
      status: 'active',
      name: 'Direct messaging',
      address: 'a@direct.x.example',
      managingOrganization: { reference: 'Organization/o-1' },
      payloadType: [{ coding: [{ system: `${PN}/EndpointPayloadTypeCS`, code: 'NA' }] }],
    });
    expect(validateFhirResource(e)).toEqual([]);
    expect(checkProfiles(e)).toEqual([]);
  });

  it('derives a stable id from NPI and endpoint value only', () => {
    const id = endpointId(NPI.a, 'a@x.example');
    expect(toEndpoint(row(NPI.a, 'a@x.example', { description: 'other' }), null, T).id).toBe(id);
    expect(endpointId(NPI.b, 'a@x.example')).not.toBe(id);
    expect(id).toMatch(/^ep-[0-9a-f]{16}$/);
  });

  it('is flagged by the profile rules when status or payloadType break Plan-Net', () => {
    const e = { ...toEndpoint(row(NPI.a, 'a@x.example'), null, T), status: 'off', payloadType: [] };
    const rules = checkProfiles(e).map((p) => p.rule);
    expect(rules).toEqual(['plannet-status', 'plannet-payloadType']);
  });
});

describe('buildResources with endpoints', () => {
  it('references an organisation endpoint from the Organization, managed by it', () => {
    const g = group('o-1', NPI.group, 'Akron Clinic LLC');
    const set = buildResources([g], T, { endpoints: [row(NPI.group, 'https://fhir.x.example')] });
    const id = endpointId(NPI.group, 'https://fhir.x.example');
    const orgs = set.Organization.filter((o) => o.id === 'o-1');
    expect(orgs[0]).toMatchObject({ endpoint: [{ reference: `Endpoint/${id}` }] });
    expect(set.Endpoint.map((e) => [e.id, e.managingOrganization?.reference])).toEqual([
      [id, 'Organization/o-1'],
    ]);
  });

  it('puts an affiliated endpoint only on the role at the organisation it names', () => {
    const g1 = group('o-1', NPI.group, 'Akron Clinic, LLC');
    const g2 = group('o-2', NPI.group2, 'Canton Care');
    const rows = [
      row(NPI.a, 'ann@akron.example', { affiliationName: 'AKRON CLINIC LLC' }),
      row(NPI.a, 'ann@home.example'),
    ];
    const set = buildResources([g1, g2, person([NPI.group, NPI.group2])], T, { endpoints: rows });
    const akron = endpointId(NPI.a, 'ann@akron.example');
    const home = endpointId(NPI.a, 'ann@home.example');
    const refs = (orgId: string) =>
      set.PractitionerRole.find(
        (r) => r.organization.reference === `Organization/${orgId}`,
      )?.endpoint?.map((e) => e.reference!.slice('Endpoint/'.length));
    expect(refs('o-1')).toEqual([akron, home].sort());
    expect(refs('o-2')).toEqual([home]);
    const managing = new Map(set.Endpoint.map((e) => [e.id, e.managingOrganization?.reference]));
    expect(managing.get(akron)).toBe('Organization/o-1');
    expect(managing.get(home)).toBeUndefined();
  });

  it('keeps a role with no phone anywhere when an endpoint satisfies pd-1', () => {
    const g = group('o-1', NPI.group, 'Akron Clinic', null);
    const without = buildResources([g, person([NPI.group])], T);
    expect(without.PractitionerRole).toEqual([]);
    const endpoints = [row(NPI.a, 'ann@x.example')];
    const set = buildResources([g, person([NPI.group])], T, { endpoints });
    expect(set.PractitionerRole).toHaveLength(1);
    expect(set.PractitionerRole[0].telecom).toBeUndefined();
    expect(checkProfiles(set.PractitionerRole[0])).toEqual([]);
  });

  it('leaves out endpoints nothing references and one Endpoint per repeated value', () => {
    const lonely = person([]);
    const endpoints = [row(NPI.a, 'ann@x.example'), row(NPI.a, 'ann@x.example', { type: 'WEB' })];
    expect(buildResources([lonely], T, { endpoints }).Endpoint).toEqual([]);
    const g = group('o-1', NPI.group, 'Akron Clinic');
    const set = buildResources([g, person([NPI.group])], T, { endpoints });
    expect(set.Endpoint).toHaveLength(1);
    expect(set.Endpoint[0].connectionType.code).toBe('direct-project');
  });
});
