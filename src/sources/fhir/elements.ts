/**
 * Readers for the FHIR datatypes a roster needs, over untrusted JSON: every accessor checks
 * the shape it reads and returns undefined rather than throwing on a malformed element.
 */

export type Json = Record<string, unknown>;

export const NPI_SYSTEM = 'http://hl7.org/fhir/sid/us-npi';
export const NUCC_SYSTEMS = [
  'http://nucc.org/provider-taxonomy',
  'http://terminology.hl7.org/CodeSystem/v3-nuccProviderCodes',
  'urn:oid:2.16.840.1.113883.6.101',
];
export const DEGREE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v2-0360';
const QUALIFICATION_EXT = 'practitioner-qualification';

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** The value of the first identifier with the NPI system. */
export function npiOf(resource: Json): string | undefined {
  const id = list(resource.identifier).find((i) => i.system === NPI_SYSTEM);
  return id ? str(id.value) : undefined;
}

/** `Organization/abc`, an absolute URL ending in it, or a `urn:uuid:` of a Bundle entry. */
export function referenceKey(ref: unknown): string | undefined {
  const text = isObject(ref) ? str(ref.reference) : undefined;
  if (!text) return undefined;
  if (text.startsWith('urn:')) return text;
  const parts = text.replace(/\/_history\/[^/]+$/, '').split('/');
  if (parts.length < 2) return undefined;
  return `${parts[parts.length - 2]}/${parts[parts.length - 1]}`;
}

export interface PersonName {
  family?: string;
  given?: string;
  middle?: string;
}

/** `name[0]`: family, first given name, and the other given names as the middle name. */
export function personName(resource: Json): PersonName {
  const name = list(resource.name)[0];
  if (!name) return {};
  const given = (Array.isArray(name.given) ? name.given : []).map(str).filter(Boolean);
  const middle = given.slice(1).join(' ');
  return { family: str(name.family), given: given[0], middle: middle || undefined };
}

export interface PostalAddress {
  line1?: string;
  line2?: string;
  city?: string;
  state?: string;
  zip?: string;
}

/** The first `work` address, else the first one (Location has a single `address`). */
export function postalAddress(resource: Json): PostalAddress | undefined {
  const all = isObject(resource.address) ? [resource.address] : list(resource.address);
  const a = all.find((x) => x.use === 'work') ?? all[0];
  if (!a) return undefined;
  const lines = (Array.isArray(a.line) ? a.line : []).map(str).filter(Boolean);
  return {
    line1: lines[0],
    line2: lines.slice(1).join(', ') || undefined,
    city: str(a.city),
    state: str(a.state),
    zip: str(a.postalCode),
  };
}

/** The first phone number, preferring `work` use. */
export function phoneOf(resource: Json): string | undefined {
  const phones = list(resource.telecom).filter((t) => t.system === 'phone' && str(t.value));
  const p = phones.find((t) => t.use === 'work') ?? phones[0];
  return p ? str(p.value) : undefined;
}

/** The first NUCC code among the concepts (a PractitionerRole's `specialty`). */
export function nuccCode(concepts: unknown): string | undefined {
  for (const concept of list(concepts)) {
    const coding = list(concept.coding).find((c) => NUCC_SYSTEMS.includes(String(c.system)));
    if (coding && str(coding.code)) return str(coding.code);
  }
  return undefined;
}

export interface License {
  number?: string;
  state?: string;
  credential?: string;
}

/**
 * The first qualification with an identifier is the licence; its state is the Plan-Net
 * `practitioner-qualification` extension's `whereValid` code. The credential is a v2-0360
 * degree code, else the qualification's `code.text`.
 */
export function licenseOf(resource: Json): License {
  const quals = list(resource.qualification);
  const q = quals.find((x) => list(x.identifier).some((i) => str(i.value))) ?? quals[0];
  if (!q) return {};
  const number = list(q.identifier)
    .map((i) => str(i.value))
    .find(Boolean);
  return { number, state: whereValid(q), credential: credentialOf(quals) };
}

function whereValid(qualification: Json): string | undefined {
  const ext = list(qualification.extension).find((e) => String(e.url).endsWith(QUALIFICATION_EXT));
  const where = list(ext?.extension).find((e) => e.url === 'whereValid');
  const concept = isObject(where?.valueCodeableConcept) ? where.valueCodeableConcept : undefined;
  return str(list(concept?.coding)[0]?.code) ?? str(concept?.text);
}

function credentialOf(quals: Json[]): string | undefined {
  for (const q of quals) {
    const code = isObject(q.code) ? q.code : undefined;
    const degree = list(code?.coding).find((c) => c.system === DEGREE_SYSTEM);
    if (degree) return str(degree.code) ?? str(degree.display);
  }
  const text = quals.map((q) => (isObject(q.code) ? str(q.code.text) : undefined)).find(Boolean);
  return text === 'License' ? undefined : text;
}

const GENDER_TO_SEX: Record<string, string> = { male: 'M', female: 'F', other: 'X', unknown: 'U' };

/** FHIR `gender` as the roster's sex code; an unknown value is passed on for the rules to flag. */
export function sexOf(resource: Json): string | undefined {
  const g = str(resource.gender);
  return g === undefined ? undefined : (GENDER_TO_SEX[g] ?? g);
}
