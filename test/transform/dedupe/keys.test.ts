import { describe, expect, it } from 'vitest';
import {
  masterIdFor,
  matchKey,
  normalizeName,
  type KeyContext,
} from '../../../src/transform/dedupe/keys.js';
import { NPI, memberRow } from './helpers.js';

const none: KeyContext = { orgRowNpis: new Set() };
const person = { lastName: 'Rivera', firstName: 'Ana', dob: '1980-02-03' };

describe('dedupe match keys', () => {
  it('keys a practitioner with a valid NPI on that NPI', () => {
    const mk = matchKey(memberRow(1, { ...person, npi: NPI.a }), none);
    expect(mk).toEqual({ kind: 'practitioner', rule: 'npi', key: `npi:${NPI.a}`, npi: NPI.a });
  });

  it('never uses an NPI that fails the check digit as a key', () => {
    const bad = NPI.a.slice(0, 9) + String((Number(NPI.a[9]) + 1) % 10);
    const mk = matchKey(memberRow(1, { ...person, npi: bad }), none);
    expect(mk.rule).toBe('name-dob');
    expect(mk.key).not.toContain(bad);
    expect(mk.npi).toBeNull();
  });

  it('keeps a row alone when it has neither a valid NPI nor name and DOB', () => {
    const mk = matchKey(memberRow(7, { lastName: 'Rivera', firstName: 'Ana' }), none);
    expect(mk).toMatchObject({ rule: 'row', key: 'row:b1:7' });
  });

  it('matches name and DOB across case, accents and punctuation, without PII in the key', () => {
    const a = matchKey(
      memberRow(1, { lastName: "O'Brien", firstName: 'José', dob: '1970-01-01' }),
      none,
    );
    const b = matchKey(
      memberRow(2, { lastName: 'OBRIEN', firstName: 'jose', dob: '1970-01-01' }),
      none,
    );
    const c = matchKey(
      memberRow(3, { lastName: 'OBRIEN', firstName: 'jose', dob: '1970-01-02' }),
      none,
    );
    expect(a.key).toBe(b.key);
    expect(a.key).not.toBe(c.key);
    expect(a.key).toMatch(/^name-dob:[0-9a-f]{64}$/);
    expect(normalizeName(" D'Àngelo-Smith ")).toBe('DANGELOSMITH');
  });

  it('does not key individuals on an NPI that an organisation row carries', () => {
    const ctx: KeyContext = { orgRowNpis: new Set([NPI.group]) };
    const mk = matchKey(memberRow(1, { ...person, npi: NPI.group }), ctx);
    expect(mk.rule).toBe('name-dob');
  });

  it('keys organisations on org-npi, or alone without a valid NPI', () => {
    const org = { entityType: 'organization' as const, orgName: 'Valley Clinic' };
    expect(matchKey(memberRow(1, { ...org, npi: NPI.group }), none).key).toBe(
      `org-npi:${NPI.group}`,
    );
    expect(matchKey(memberRow(2, { ...org, npi: '123' }), none).key).toBe('row:b1:2');
  });

  it('derives short, valid FHIR ids from the key, by kind', () => {
    const id = masterIdFor('practitioner', `npi:${NPI.a}`);
    expect(id).toMatch(/^p-[0-9a-f]{16}$/);
    expect(masterIdFor('practitioner', `npi:${NPI.a}`)).toBe(id);
    expect(masterIdFor('organization', `org-npi:${NPI.a}`)).toMatch(/^o-[0-9a-f]{16}$/);
    expect(masterIdFor('practitioner', `npi:${NPI.b}`)).not.toBe(id);
  });
});
