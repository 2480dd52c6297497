import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { insertRows, tempContext } from '../helpers/workspace.js';
import { reportQuality } from '../../src/pipeline/report-quality.js';
import type { OpenedContext } from '../../src/pipeline/context.js';

let ctx: OpenedContext;
afterEach(() => ctx?.close());

describe('reportQuality', () => {
  it('counts completeness over applicable rows and validity over present values', async () => {
    ctx = tempContext();
    insertRows(ctx, 'b1', [
      { npi: '1234567893', lastName: 'Lind', dob: '1970-03-04', state: 'OH', zip: '43215' },
      { npi: '1234567890', lastName: 'Ruiz', dob: '2031-01-01', state: 'ZZ', zip: '4321' },
      { npi: '1987654302', lastName: null, state: 'OH', zip: '02134-1234' },
      { entityType: 'organization', npi: '1234567000', orgName: 'Valley Clinic', state: 'OH' },
    ]);
    const result = await reportQuality(ctx);
    const field = (name: string) => result.fields.find((f) => f.field === name)!;

    expect(result.rows).toBe(4);
    expect(field('npi')).toMatchObject({ rows: 4, present: 4, valid: 3 });
    expect(field('last_name')).toMatchObject({ rows: 3, present: 2, valid: 2 });
    expect(field('org_name')).toMatchObject({ rows: 1, present: 1, valid: 1, completeness: 1 });
    expect(field('dob')).toMatchObject({ rows: 3, present: 2, valid: 1, validity: 0.5 });
    expect(field('state')).toMatchObject({ present: 4, valid: 3, validity: 0.75 });
    expect(field('zip')).toMatchObject({ present: 3, valid: 2 });
  });

  it('checks taxonomy codes against the NUCC code set', async () => {
    ctx = tempContext();
    insertRows(ctx, 'b1', [{ taxonomy: '207Q00000X' }, { taxonomy: '999Z00000X' }]);
    const result = await reportQuality(ctx);
    expect(result.fields.find((f) => f.field === 'taxonomy')).toMatchObject({
      present: 2,
      valid: 1,
    });
  });

  it('writes a JSON and a CSV report into the workspace', async () => {
    ctx = tempContext();
    insertRows(ctx, 'b1', [{ npi: '1234567893', lastName: 'Lind' }]);
    const result = await reportQuality(ctx);
    const json = JSON.parse(readFileSync(result.reportPath, 'utf8'));
    expect(json.fields).toHaveLength(result.fields.length);
    const csv = readFileSync(result.csvPath, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('field,applies_to,rows,present,valid,completeness,validity');
    expect(csv).toHaveLength(result.fields.length + 1);
  });

  it('limits the report to one batch when asked', async () => {
    ctx = tempContext();
    insertRows(ctx, 'b1', [{ npi: '1234567893' }]);
    insertRows(ctx, 'b2', [{ npi: '1234567890' }, { npi: '1987654302' }]);
    const result = await reportQuality(ctx, { batchId: 'b2' });
    expect(result.rows).toBe(2);
  });
});
