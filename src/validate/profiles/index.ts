import { generalRules } from './general.js';
import { NDH_RULES } from './ndh.js';
import { PLAN_NET_RULES } from './plannet.js';
import { isObject, list, type Json, type RuleProblem } from './rule.js';

export type { RuleProblem } from './rule.js';

const BY_PROFILE = { ...PLAN_NET_RULES, ...NDH_RULES };

/**
 * The profile rules credkit checks (fhir-output.md sections 6-8 and 10) for one resource:
 * the general rules always, each profile's rules where `meta.profile` declares it. Profiles
 * credkit does not know are not checked (the HL7 validator covers them).
 */
export function checkProfiles(resource: unknown): RuleProblem[] {
  if (!isObject(resource)) return [];
  const r = resource as Json;
  const out = generalRules(r);
  const profiles = isObject(r.meta) ? list(r.meta.profile) : [];
  for (const p of profiles) {
    const rules = typeof p === 'string' ? BY_PROFILE[p] : undefined;
    if (rules) out.push(...rules(r));
  }
  return out;
}
