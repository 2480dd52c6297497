import { describe, expect, it } from 'vitest';
import { readLayoutDate, readStampDate } from '../../../src/sources/boards/dates.js';

describe('readLayoutDate', () => {
  it('reads each declared format into an ISO date', () => {
    expect(readLayoutDate('9/3/1997 0:00:00', ['M/D/YYYY'])).toEqual({
      ok: true,
      value: '1997-09-03',
    });
    expect(readLayoutDate('Aug-31-2025', ['Mon-DD-YYYY'])).toEqual({
      ok: true,
      value: '2025-08-31',
    });
    expect(readLayoutDate('20250131', ['YYYYMMDD'])).toEqual({ ok: true, value: '2025-01-31' });
    expect(readLayoutDate('2024-05-01 13:45:00', ['YYYY-MM-DD HH:MM:SS'])).toEqual({
      ok: true,
      value: '2024-05-01',
    });
  });

  it('converts Excel serials only when the layout says so (30832 is 1984-05-30)', () => {
    expect(readLayoutDate('30832', ['excel-serial'])).toEqual({ ok: true, value: '1984-05-30' });
    expect(readLayoutDate('30832', ['M/D/YYYY']).ok).toBe(false);
  });

  it('reads sentinel dates before 1900 as null (B12: 1800-12-27)', () => {
    expect(readLayoutDate('1800-12-27', ['YYYY-MM-DD'])).toEqual({ ok: true, value: null });
  });

  it('refuses ambiguous, impossible and 2-digit-year dates', () => {
    expect(readLayoutDate('03/04/1971', ['MM/DD/YYYY', 'DD/MM/YYYY']).ok).toBe(false);
    expect(readLayoutDate('Feb-30-2025', ['Mon-DD-YYYY']).ok).toBe(false);
    expect(readLayoutDate('4/15/71', ['M/D/YYYY']).ok).toBe(false);
  });
});

describe('readStampDate', () => {
  it('reads ISO dates in titles and file names whatever the layout formats', () => {
    expect(readStampDate('2026-11-15', ['MM/DD/YYYY'])).toBe('2026-11-15');
    expect(readStampDate('11/16/2026', ['M/D/YYYY'])).toBe('2026-11-16');
    expect(readStampDate('soon', ['M/D/YYYY'])).toBeNull();
  });
});
