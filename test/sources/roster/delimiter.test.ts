import { describe, expect, it } from 'vitest';
import { pickDelimiter } from '../../../src/sources/roster/delimiter.js';
import { readerOptions } from '../../../src/sources/roster/options.js';

const pick = (text: string) => pickDelimiter(Buffer.from(text));

describe('delimiter detection', () => {
  it('picks the candidate seen most often on the header line', () => {
    expect(pick('NPI\tLast Name\tFirst Name\n1,2,3,4,5')).toBe('\t');
    expect(pick('NPI|Last|First\r\n')).toBe('|');
    expect(pick('NPI;Last;First')).toBe(';');
    expect(pick('NPI,Last;First,Middle')).toBe(',');
  });

  it('ignores delimiters inside quoted header names', () => {
    expect(pick('"Name, Last";"Name, First";"x|y"\n')).toBe(';');
    expect(pick('"a|b|c",d\n')).toBe(',');
  });

  it('falls back to a comma for a one-column file', () => {
    expect(pick('NPI\n1234567893\n')).toBe(',');
  });

  it('accepts "tab" for the delimiter flag and refuses quotes and long values', () => {
    expect(readerOptions('tab').delimiter).toBe('\t');
    expect(() => readerOptions('"')).toThrow(/--delimiter/);
    expect(() => readerOptions(';;')).toThrow(/--delimiter/);
    expect(() => readerOptions(undefined, 'utf-16')).toThrow(/--encoding/);
    expect(readerOptions(undefined, 'CP1252').encoding).toBe('windows-1252');
  });
});
