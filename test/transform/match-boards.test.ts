import { describe, expect, it } from 'vitest';
import { decideBoard, type BoardHit } from '../../src/transform/match-boards.js';

const AS_OF = '2026-11-20';
const hit = (h: Partial<BoardHit>): BoardHit => ({
  status: 'active',
  statusRaw: 'Active',
  expirationDate: '2030-01-31',
  discipline: 'N',
  nameScore: 1,
  rawSha256: 'f'.repeat(64),
  matched: {},
  ...h,
});
const decide = (h: Partial<BoardHit>) => {
  const d = decideBoard({ licenseNumber: '35.1', hit: hit(h) }, AS_OF);
  return `${d.outcome} ${d.reason}`;
};

describe('decideBoard', () => {
  it('verifies an active, unexpired licence under the same name without discipline', () => {
    expect(decide({})).toBe('verified license-active');
  });

  it('reports revocation before expiry, expiry before a name mismatch', () => {
    expect(decide({ status: 'revoked', expirationDate: '2020-01-01', nameScore: 0.5 })).toBe(
      'discrepancy license-revoked',
    );
    expect(decide({ expirationDate: '2026-11-19', nameScore: 0.5 })).toBe(
      'discrepancy license-expired',
    );
    expect(decide({ nameScore: 0.9, discipline: 'Y' })).toBe('discrepancy name-mismatch');
  });

  it('treats a licence expiring on the check date as still valid', () => {
    expect(decide({ expirationDate: AS_OF })).toBe('verified license-active');
  });

  it('never verifies an unreadable status, nor a licence without status and expiry', () => {
    expect(decide({ status: null, statusRaw: 'Pending Review' })).toBe(
      'discrepancy license-status-unknown',
    );
    expect(decide({ status: null, statusRaw: null, expirationDate: null })).toBe(
      'discrepancy license-status-unknown',
    );
    expect(decide({ status: null, statusRaw: null })).toBe('verified license-active');
  });

  it('compares no name when either side has none', () => {
    const d = decideBoard({ licenseNumber: '35.1', hit: hit({ nameScore: null }) }, AS_OF);
    expect(d.compared).toMatchObject({ nameScore: null, nameMatch: null });
    expect(d.outcome).toBe('verified');
  });
});
