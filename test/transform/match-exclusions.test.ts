import { describe, expect, it } from 'vitest';
import {
  decideExclusion,
  type ExclusionCandidate,
  type ExclusionQuery,
} from '../../src/transform/match-exclusions.js';

const person: ExclusionQuery = {
  entityType: 'individual',
  npi: '1234567893',
  lastKey: 'DOE',
  firstKey: 'JANE',
  orgKey: null,
  dob: null,
};

function candidate(over: Partial<ExclusionCandidate>): ExclusionCandidate {
  return {
    via: 'name',
    ended: false,
    npi: null,
    dob: null,
    rawSha256: 'a'.repeat(64),
    matched: { line: 7 },
    ...over,
  };
}

describe('decideExclusion', () => {
  it('prefers an NPI hit over name hits', () => {
    const d = decideExclusion(person, [candidate({}), candidate({ via: 'npi', npi: person.npi })]);
    expect([d.outcome, d.reason]).toEqual(['excluded', 'npi-match']);
  });

  it('does not count a name hit whose list NPI belongs to another provider', () => {
    const d = decideExclusion(person, [candidate({ npi: '1003000126' })]);
    expect([d.outcome, d.reason]).toEqual(['not-found', 'not-listed']);
  });

  it('treats a name hit as possible when the list has no DOB, even if the roster has one', () => {
    const d = decideExclusion({ ...person, dob: '1970-01-02' }, [candidate({})]);
    expect([d.outcome, d.reason]).toEqual(['possible-match', 'name-only']);
  });

  it('ignores ended exclusions and says so when nothing else matched', () => {
    const d = decideExclusion(person, [candidate({ via: 'npi', npi: person.npi, ended: true })]);
    expect([d.outcome, d.reason]).toEqual(['not-found', 'exclusion-ended']);
  });

  it('asks for more data when the row has neither a valid NPI nor a full name', () => {
    const d = decideExclusion({ ...person, npi: null, firstKey: null }, []);
    expect([d.outcome, d.reason]).toEqual(['insufficient-data', 'no-identifiers']);
    expect(d.query).toEqual({});
  });

  it('excludes an organisation named on the list at the same ZIP, and asks a steward elsewhere', () => {
    const org: ExclusionQuery = {
      ...person,
      entityType: 'organization',
      npi: null,
      orgKey: 'SHADY PHARMACY',
      zip: '43215-1234',
    };
    const here = candidate({ via: 'org', matched: { line: 3, zip: '43215' } });
    const there = candidate({ via: 'org', matched: { line: 4, zip: '44101' } });
    const d = decideExclusion(org, [there, here]);
    expect([d.outcome, d.reason, d.matched?.line]).toEqual([
      'excluded',
      'org-name-address-match',
      3,
    ]);
    const elsewhere = decideExclusion(org, [there]);
    expect([elsewhere.outcome, elsewhere.reason]).toEqual(['possible-match', 'name-only']);
    const noZip = decideExclusion({ ...org, zip: null }, [here]);
    expect(noZip.outcome).toBe('possible-match');
  });
});
