import { npiProblem } from '../../transform/npi.js';
import { isObject, list, type Json, type RuleProblem } from './rule.js';

const NPI_SYSTEM = 'http://hl7.org/fhir/sid/us-npi';
/** Identifier systems that carry an SSN or a TIN/EIN: never in a directory export. */
const FORBIDDEN_SYSTEMS = new Set([
  'http://hl7.org/fhir/sid/us-ssn',
  'urn:oid:2.16.840.1.113883.4.1',
  'urn:oid:2.16.840.1.113883.4.4',
  'urn:oid:2.16.840.1.113883.4.2',
]);
const SSN_TEXT = /\b\d{3}-\d{2}-\d{4}\b/;

/**
 * Rules for every resource whatever its profile: identifiers have system and value, NPIs pass
 * us-core-16 (10 digits) and us-core-17 (check digit), nothing is sent `active: false`, and no
 * date of birth, SSN or TIN appears.
 */
export function generalRules(r: Json): RuleProblem[] {
  const out: RuleProblem[] = [];
  list(r.identifier).forEach((id, i) => out.push(...identifierRules(id, i)));
  if (r.active === false) {
    out.push({ rule: 'no-inactive', message: 'active is false; inactive records are deleted' });
  }
  if ('birthDate' in r) out.push({ rule: 'no-pii', message: 'birthDate must not be exported' });
  if (SSN_TEXT.test(JSON.stringify(r))) {
    out.push({ rule: 'no-pii', message: 'a value shaped like an SSN appears' });
  }
  return out;
}

function identifierRules(id: unknown, i: number): RuleProblem[] {
  const at = `identifier[${i}]`;
  if (!isObject(id)) return [{ rule: 'identifier', message: `${at} is not an object` }];
  const out: RuleProblem[] = [];
  if (typeof id.system !== 'string' || typeof id.value !== 'string' || !id.value) {
    out.push({ rule: 'identifier', message: `${at} needs system and value` });
  }
  if (typeof id.system === 'string' && FORBIDDEN_SYSTEMS.has(id.system)) {
    out.push({ rule: 'no-pii', message: `${at} is an SSN or TIN identifier` });
  }
  if (id.system === NPI_SYSTEM && typeof id.value === 'string') {
    const problem = npiProblem(id.value);
    if (problem === 'format') {
      out.push({ rule: 'us-core-16', message: `${at} NPI is not 10 digits` });
    } else if (problem) {
      out.push({ rule: 'us-core-17', message: `${at} NPI ${id.value} fails the check digit` });
    }
  }
  return out;
}
