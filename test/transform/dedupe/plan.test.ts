import { describe, expect, it } from 'vitest';
import { planMasters } from '../../../src/transform/dedupe/plan.js';
import type { RowFlags } from '../../../src/transform/dedupe/status.js';
import { NPI, memberRow } from './helpers.js';

const noFlags = new Map<number, RowFlags>();
const ana = { lastName: 'Rivera', firstName: 'Ana', dob: '1980-02-03' };

describe('dedupe plan', () => {
  it('never merges two different valid NPIs, even with the same name and DOB', () => {
    const plan = planMasters(
      [memberRow(1, { ...ana, npi: NPI.a }), memberRow(2, { ...ana, npi: NPI.b })],
      noFlags,
    );
    expect(plan.map((m) => m.key)).toEqual([`npi:${NPI.a}`, `npi:${NPI.b}`]);
  });

  it('merges rows with the same NPI into one master with all its rows', () => {
    const rows = [
      memberRow(1, { ...ana, npi: NPI.a }),
      memberRow(2, { npi: NPI.a, lastName: 'Rivera-Lopez' }),
    ];
    const [m] = planMasters(rows, noFlags);
    expect(m).toMatchObject({ kind: 'practitioner', rule: 'npi', npi: NPI.a, rowIds: [1, 2] });
  });

  it('creates an organisation for a group NPI that no organisation row carries', () => {
    const rows = [
      memberRow(1, { ...ana, npi: NPI.a, groupNpi: NPI.group, groupName: 'Valley Group' }),
      memberRow(2, { npi: NPI.b, lastName: 'Chen', groupNpi: NPI.group, groupName: 'Valley Grp' }),
      memberRow(3, { npi: NPI.c, lastName: 'Ode', groupNpi: NPI.group, groupName: 'Valley Group' }),
    ];
    const org = planMasters(rows, noFlags).find((m) => m.kind === 'organization');
    expect(org).toMatchObject({ key: `org-npi:${NPI.group}`, npi: NPI.group, rowIds: [] });
    expect(org?.record).toMatchObject({ orgName: 'Valley Group', origin: 'group-reference' });
    expect(org?.record.sourceRows).toEqual([1, 2, 3]);
  });

  it('uses the organisation row for a group NPI when there is one', () => {
    const rows = [
      memberRow(1, { ...ana, npi: NPI.a, groupNpi: NPI.group, groupName: 'Other name' }),
      memberRow(2, { entityType: 'organization', npi: NPI.group, orgName: 'Valley Clinic LLC' }),
    ];
    const orgs = planMasters(rows, noFlags).filter((m) => m.kind === 'organization');
    expect(orgs).toHaveLength(1);
    expect(orgs[0].record).toMatchObject({ orgName: 'Valley Clinic LLC', origin: 'roster' });
    expect(orgs[0].rowIds).toEqual([2]);
  });

  it('drops a group NPI that is another practitioner’s own NPI', () => {
    const rows = [
      memberRow(1, { ...ana, npi: NPI.a, groupNpi: NPI.b }),
      memberRow(2, { npi: NPI.b, lastName: 'Chen' }),
    ];
    const plan = planMasters(rows, noFlags);
    expect(plan.every((m) => m.kind === 'practitioner')).toBe(true);
    expect(plan.find((m) => m.npi === NPI.a)?.record.groupNpis).toEqual([]);
  });

  it('marks a master excluded if any member is excluded, else deactivated, else active', () => {
    const rows = [
      memberRow(1, { npi: NPI.a }),
      memberRow(2, { npi: NPI.a }),
      memberRow(3, { npi: NPI.b }),
      memberRow(4, { npi: NPI.c }),
    ];
    const flags = new Map<number, RowFlags>([
      [1, { excluded: false, deactivated: true }],
      [2, { excluded: true, deactivated: false }],
      [3, { excluded: false, deactivated: true }],
    ]);
    const status = Object.fromEntries(planMasters(rows, flags).map((m) => [m.npi, m.status]));
    expect(status).toEqual({ [NPI.a]: 'excluded', [NPI.b]: 'deactivated', [NPI.c]: 'active' });
  });

  it('gives the same plan whatever the order of the rows', () => {
    const rows = [
      memberRow(1, { ...ana, npi: NPI.a, groupNpi: NPI.group, taxonomy: '207Q00000X' }),
      memberRow(2, { ...ana, npi: null }),
      memberRow(3, { ...ana, npi: NPI.a, taxonomy: '207R00000X', effectiveDate: '2025-01-01' }),
      memberRow(4, { entityType: 'organization', npi: NPI.group2, orgName: 'North' }),
      memberRow(5, { lastName: 'Solo' }),
    ];
    const shuffled = [rows[3], rows[2], rows[4], rows[0], rows[1]];
    expect(planMasters(shuffled, noFlags)).toEqual(planMasters(rows, noFlags));
  });
});
