import { PROFILES } from '../../transform/fhir/common.js';
import { codesIn, expectAll, has, isObject, list, type Json, type Rules } from './rule.js';

const NUCC = 'http://nucc.org/provider-taxonomy';
const ORG_TYPES = new Set(['fac', 'prvgrp', 'payer', 'atyprv', 'bus']);
const PAYLOAD_TYPES =
  'http://hl7.org/fhir/us/davinci-pdex-plan-net/CodeSystem/EndpointPayloadTypeCS';

/** Plan-Net 1.2.0 on top of US Core: `active` is fixed true on every directory resource. */
const activeFixed = (r: Json): [string, boolean, string] => [
  'plannet-active',
  r.active === true,
  'active must be true (fixed by Plan-Net)',
];

function practitioner(r: Json) {
  const names = list(r.name).filter(isObject);
  const quals = list(r.qualification).filter(isObject);
  return expectAll([
    activeFixed(r),
    ['us-core-identifier', has(r.identifier), 'identifier 1..* is required'],
    ['us-core-name', names.length > 0, 'name 1..* is required'],
    ['us-core-name-family', names.every((n) => has(n.family)), 'every name needs family'],
    ['plannet-qualification-code', quals.every((q) => has(q.code)), 'qualification.code 1..1'],
  ]);
}

function practitionerRole(r: Json) {
  const specialties = list(r.specialty);
  return expectAll([
    activeFixed(r),
    ['pd-1', has(r.telecom) || has(r.endpoint), 'needs telecom or endpoint (pd-1)'],
    [
      'practitioner-or-organization-or-healthcareservice-or-location',
      has(r.practitioner) || has(r.organization) || has(r.healthcareService) || has(r.location),
      'needs practitioner, organization, healthcareService or location',
    ],
    [
      'plannet-specialty',
      specialties.every((s) => codesIn(s, NUCC).length > 0),
      'specialty must be coded in NUCC',
    ],
    [
      'us-core-telecom',
      list(r.telecom).every((t) => isObject(t) && has(t.system) && has(t.value)),
      'telecom needs system and value',
    ],
  ]);
}

function organization(r: Json) {
  const types = codesIn(r.type);
  return expectAll([
    activeFixed(r),
    ['us-core-name', has(r.name), 'name 1..1 is required'],
    ['plannet-address', has(r.address), 'address 1..* is required'],
    ['plannet-type', types.some((t) => ORG_TYPES.has(t)), 'type 1..* from OrgTypeVS'],
  ]);
}

function location(r: Json) {
  return expectAll([
    ['plannet-status', r.status === 'active', 'status must be active (fixed by Plan-Net)'],
    ['plannet-mode', !('mode' in r), 'mode must not be set (0..0)'],
    ['us-core-name', has(r.name), 'name 1..1 is required'],
  ]);
}

/** Plan-Net Endpoint: status fixed, payloadType 1..1 from a value set holding only `NA`. */
function endpoint(r: Json) {
  const payload = list(r.payloadType);
  const connection = isObject(r.connectionType) ? r.connectionType : {};
  return expectAll([
    ['plannet-status', r.status === 'active', 'status must be active (fixed by Plan-Net)'],
    [
      'plannet-payloadType',
      payload.length === 1 && codesIn(payload, PAYLOAD_TYPES).includes('NA'),
      'payloadType 1..1 must be NA (EndpointPayloadTypeCS)',
    ],
    [
      'endpoint-connectionType',
      has(connection.system) && has(connection.code),
      'connectionType 1..1 needs system and code',
    ],
    ['endpoint-address', has(r.address), 'address 1..1 is required'],
  ]);
}

function affiliation(r: Json) {
  return expectAll([activeFixed(r)]);
}

/** Rules per Plan-Net profile URL, applied where `meta.profile` declares the profile. */
export const PLAN_NET_RULES: Record<string, Rules> = {
  [PROFILES.Practitioner]: practitioner,
  [PROFILES.PractitionerRole]: practitionerRole,
  [PROFILES.Organization]: organization,
  [PROFILES.Location]: location,
  [PROFILES.OrganizationAffiliation]: affiliation,
  [PROFILES.Endpoint]: endpoint,
};
