import { sha256 } from '../dedupe/keys.js';
import { SYSTEMS, meta, reference } from './common.js';
import type { CodeableConcept, Coding, Meta, Reference } from './types.js';

/** One row of the NPPES endpoint file as the export reads it (`nppes_endpoints`). */
export interface EndpointRow {
  npi: string;
  /** NPPES `Endpoint Type`: DIRECT, FHIR, REST, SOAP, CONNECT, WEB, OTHERS. */
  type: string | null;
  typeDescription: string | null;
  /** The endpoint value: a Direct address or a URL. */
  address: string;
  description: string | null;
  /** `Affiliation Legal Business Name`: the organisation the endpoint belongs to, if another. */
  affiliationName: string | null;
}

export interface Endpoint {
  resourceType: 'Endpoint';
  id: string;
  meta: Meta;
  status: 'active';
  connectionType: Coding;
  name?: string;
  managingOrganization?: Reference;
  payloadType: CodeableConcept[];
  address: string;
}

/**
 * NPPES endpoint type -> `connectionType`. DIRECT and FHIR have THO endpoint-connection-type
 * codes; REST is Plan-Net's `rest-non-fhir`. SOAP, CONNECT (an IHE gateway, XCA or XCPD
 * unknown), WEB (a portal) and OTHERS fit no code of either system, so they keep the NPPES
 * code under credkit's own system, which the extensible binding allows.
 */
const CONNECTION_TYPES: Record<string, Coding> = {
  DIRECT: { system: SYSTEMS.connectionType, code: 'direct-project', display: 'Direct Project' },
  FHIR: { system: SYSTEMS.connectionType, code: 'hl7-fhir-rest', display: 'HL7 FHIR' },
  REST: {
    system: SYSTEMS.planNetConnectionType,
    code: 'rest-non-fhir',
    display: 'REST (not FHIR)',
  },
};

/** Plan-Net's payload type value set holds one code, `NA`. */
const PAYLOAD_NA: CodeableConcept = {
  coding: [{ system: SYSTEMS.endpointPayloadType, code: 'NA', display: 'Not Applicable' }],
};

export function connectionTypeOf(type: string | null, description: string | null): Coding {
  const code = (type ?? '').trim().toUpperCase();
  const known = CONNECTION_TYPES[code];
  if (known) return known;
  const local: Coding = { system: SYSTEMS.nppesEndpointType, code: code || 'OTHERS' };
  return description ? { ...local, display: description } : local;
}

/** Stable id from the owner's NPI and the endpoint value: one Endpoint per pair. */
export function endpointId(npi: string, address: string): string {
  return `ep-${sha256(`${npi}|${address.trim()}`).slice(0, 16)}`;
}

/** A Plan-Net Endpoint: `status` fixed active, `payloadType` `NA`, name from the description. */
export function toEndpoint(
  row: EndpointRow,
  managingOrganizationId: string | null,
  lastUpdated: string,
): Endpoint {
  return {
    resourceType: 'Endpoint',
    id: endpointId(row.npi, row.address),
    meta: meta('Endpoint', lastUpdated),
    status: 'active',
    connectionType: connectionTypeOf(row.type, row.typeDescription),
    name: row.description ?? undefined,
    managingOrganization: managingOrganizationId
      ? reference('Organization', managingOrganizationId)
      : undefined,
    payloadType: [PAYLOAD_NA],
    address: row.address.trim(),
  };
}
