import { PROFILES } from '../../transform/fhir/common.js';
import { expectAll, has, isObject, type Json, type Rules } from './rule.js';

const STATUSES = new Set([
  'attested',
  'validated',
  'in-process',
  'req-revalid',
  'val-fail',
  'reval-fail',
]);

/** NDH 1.0.0 `ndh-Verification`: the elements it makes 1..1 or 1..*. */
function verification(r: Json) {
  const att = isObject(r.attestation) ? r.attestation : {};
  return expectAll([
    ['ndh-target', has(r.target), 'target 1..* is required'],
    ['ndh-need', has(r.need), 'need 1..1 is required'],
    ['ndh-status', STATUSES.has(String(r.status)), 'status must be a known status code'],
    ['ndh-statusDate', has(r.statusDate), 'statusDate 1..1 is required'],
    ['ndh-validationType', has(r.validationType), 'validationType 1..1 is required'],
    ['ndh-validationProcess', has(r.validationProcess), 'validationProcess 1..* is required'],
    ['ndh-failureAction', has(r.failureAction), 'failureAction 1..1 is required'],
    ['ndh-attestation', isObject(r.attestation), 'attestation 1..1 is required'],
    ['ndh-attestation-who', has(att.who), 'attestation.who 1..1 is required'],
    [
      'ndh-attestation-method',
      has(att.communicationMethod),
      'attestation.communicationMethod 1..1 is required',
    ],
    ['ndh-attestation-date', has(att.date), 'attestation.date 1..1 is required'],
  ]);
}

export const NDH_RULES: Record<string, Rules> = {
  [PROFILES.VerificationResult]: verification,
};
