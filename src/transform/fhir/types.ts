/**
 * The slice of FHIR R4 datatypes credkit writes. Property order in the builders is the order
 * on the wire, so keep literals in the order the FHIR spec lists the elements.
 */

export interface Coding {
  system: string;
  code: string;
  display?: string;
}

export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}

export interface Identifier {
  use?: 'official' | 'usual' | 'secondary';
  type?: CodeableConcept;
  system: string;
  value: string;
}

/** A literal reference, or a display-only one for a party that has no resource. */
export interface Reference {
  reference?: string;
  identifier?: Identifier;
  display?: string;
}

export interface Extension {
  url: string;
  extension?: Extension[];
  valueCode?: string;
  valueCodeableConcept?: CodeableConcept;
}

export interface ContactPoint {
  system: 'phone';
  value: string;
  use: 'work';
}

export interface Address {
  use: 'work';
  line?: string[];
  city?: string;
  state?: string;
  postalCode?: string;
  country: 'US';
}

export interface HumanName {
  use: 'official';
  text?: string;
  family?: string;
  given?: string[];
}

export interface Meta {
  lastUpdated: string;
  profile?: string[];
}

export type ResourceType =
  | 'Practitioner'
  | 'PractitionerRole'
  | 'Organization'
  | 'Location'
  | 'Endpoint'
  | 'OrganizationAffiliation'
  | 'VerificationResult'
  | 'Provenance'
  | 'Device';

/** Any resource credkit exports: enough shape for sorting, writing and checking. */
export interface Resource {
  resourceType: ResourceType;
  id: string;
  meta: Meta;
}
