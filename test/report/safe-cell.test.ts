import { describe, expect, it } from 'vitest';
import { csvLine, safeCell } from '../../src/report/safe-cell.js';

describe('safeCell', () => {
  it('prefixes every formula-starting cell with an apostrophe', () => {
    const payloads = [
      '=HYPERLINK("http://x.example","Lind")',
      '+1-2',
      '-2+3',
      '@SUM(A1)',
      '\tx',
      '\rx',
      '＝1+1',
    ];
    for (const p of payloads) expect(safeCell(p)).toBe(`'${p}`);
  });

  it('leaves ordinary values alone', () => {
    expect(safeCell('Lind')).toBe('Lind');
    expect(safeCell("O'Brien")).toBe("O'Brien");
  });

  it('quotes cells per RFC 4180 and keeps numbers and raw columns untouched', () => {
    expect(csvLine(['a,b', 'say "hi"', 3, '-5'], new Set([3]))).toBe('"a,b","say ""hi""",3,-5');
  });
});
