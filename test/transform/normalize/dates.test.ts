import { describe, expect, it } from 'vitest';
import { parseDate, type DateFormat } from '../../../src/transform/normalize/dates.js';

const GENERIC: DateFormat[] = ['MM/DD/YYYY', 'M/D/YYYY', 'YYYY-MM-DD'];
const read = (v: string, formats = GENERIC) => parseDate(v, formats, 'Date of Birth');

describe('parseDate', () => {
  it('reads the generic layouts into ISO dates', () => {
    expect(read('03/04/1971').value).toBe('1971-03-04');
    expect(read('3/4/1971').value).toBe('1971-03-04');
    expect(read('12/31/1999').value).toBe('1999-12-31');
    expect(read('1971-03-04').value).toBe('1971-03-04');
    expect(read('9/3/1997 0:00:00').value).toBe('1997-09-03');
  });

  it('accepts 29 February only in leap years', () => {
    expect(read('02/29/2000').value).toBe('2000-02-29');
    expect(read('02/29/2024').value).toBe('2024-02-29');
    expect(read('02/29/1900').issue?.code).toBe('E_DATE');
    expect(read('02/29/2023').issue?.code).toBe('E_DATE');
  });

  it('rejects impossible dates such as 30 February and month 13', () => {
    for (const v of ['02/30/1980', '13/01/1980', '04/31/1980', '00/10/1980', '1980-02-30']) {
      const r = read(v);
      expect(r.value, v).toBeNull();
      expect(r.issue, v).toMatchObject({ code: 'E_DATE', severity: 'error' });
    }
  });

  it('rejects 2-digit years instead of guessing the century', () => {
    expect(read('4/15/71')).toEqual({
      value: null,
      issue: { code: 'E_DATE', severity: 'error', message: 'Date of Birth has a 2-digit year' },
    });
  });

  it('rejects text, Excel serial numbers and timestamps with a time of day', () => {
    for (const v of ['yesterday', '30832', '9/3/1997 13:45:00', '1971/03/04']) {
      expect(read(v).issue?.code, v).toBe('E_DATE');
    }
  });

  it('calls a date ambiguous when two declared layouts read it differently', () => {
    const both: DateFormat[] = ['MM/DD/YYYY', 'DD/MM/YYYY'];
    expect(read('03/04/1971', both).issue?.message).toBe(
      'Date of Birth is ambiguous between MM/DD/YYYY or DD/MM/YYYY',
    );
    expect(read('15/04/1971', both).value).toBe('1971-04-15');
    expect(read('04/04/1971', both).value).toBe('1971-04-04');
  });

  it('never quotes the value in its message', () => {
    expect(read('02/30/1980').issue?.message).not.toContain('1980');
  });

  it('passes a blank value through as null without an issue', () => {
    expect(parseDate(null, GENERIC, 'x')).toEqual({ value: null });
  });
});
