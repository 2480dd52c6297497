import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/errors.js';
import { readAll, rejection } from './read-helpers.js';

describe('roster csv reader', () => {
  it('strips a UTF-8 byte-order mark so the first column keeps its plain name', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const body = Buffer.from('"npi","family"\r\n"1987654302","Okafor"\r\n');
    const { header, items } = await readAll(Buffer.concat([bom, body]));
    expect(header).toEqual(['npi', 'family']);
    expect(items).toEqual([
      { kind: 'record', record: 1, line: 2, values: ['1987654302', 'Okafor'] },
    ]);
  });

  it('accepts CRLF, LF and CR-only line ends alike', async () => {
    for (const eol of ['\r\n', '\n', '\r']) {
      const { items } = await readAll(
        ['NPI,Last', '1234567893,Lind', '1987654302,Ng', ''].join(eol),
      );
      expect(
        items.map((i) => i.kind === 'record' && [i.line, i.values]),
        JSON.stringify(eol),
      ).toEqual([
        [2, ['1234567893', 'Lind']],
        [3, ['1987654302', 'Ng']],
      ]);
    }
  });

  it('gives a record after a quoted line break the physical line it starts on', async () => {
    const text = 'npi,address\r\n1234567000,"12 Oak St\r\nSuite 4"\r\n1987654302,"9 Elm"\r\n';
    const { items } = await readAll(text);
    expect(items).toEqual([
      { kind: 'record', record: 1, line: 2, values: ['1234567000', '12 Oak St\r\nSuite 4'] },
      { kind: 'record', record: 2, line: 4, values: ['1987654302', '9 Elm'] },
    ]);
  });

  it('skips blank lines as items of their own without giving them record numbers', async () => {
    const { items } = await readAll('npi,last\n1234567893,Lind\n\n  ,  \n1987654302,Ng\n');
    expect(items.map((i) => [i.kind, i.line, 'record' in i ? i.record : null])).toEqual([
      ['record', 2, 1],
      ['blank', 3, null],
      ['blank', 4, null],
      ['record', 5, 2],
    ]);
  });

  it('keeps every value as the string it was, leading zeros included', async () => {
    const { items } = await readAll('zip,tin,license\n02134,012345678,00A7731\n');
    expect(items[0]).toMatchObject({ values: ['02134', '012345678', '00A7731'] });
  });

  it('yields a ragged row with the fields it has, for the stage to reject', async () => {
    const { items } = await readAll('npi,last,first\n1234567893,Lind\n1987654302,Ng,Al,extra\n');
    expect(items.map((i) => i.kind === 'record' && i.values.length)).toEqual([2, 4]);
  });

  it('turns a quote left open at end of file into a broken last record', async () => {
    const { items } = await readAll(
      'npi,last,first\n1234567893,Lind,Ana\n1987654302,"Okafor,Ada\n',
    );
    expect(items[1]).toMatchObject({
      kind: 'broken',
      record: 2,
      line: 3,
      code: 'E_QUOTE_NOT_CLOSED',
      text: '1987654302,"Okafor,Ada\n',
    });
  });

  it('refuses a header that names a column twice, naming both positions', async () => {
    const err = await rejection(readAll('NPI,Name,npi\n1234567893,Ana Ruiz,1987654302\n'));
    expect(err).toMatchObject({ code: 'E_DUP_HEADER', exit: ExitCode.usage });
    expect(err.message).toBe("header names 'npi' at columns 1 and 3");
  });

  it('refuses an empty file and a header without records', async () => {
    for (const text of ['', 'NPI,Last\r\n', 'NPI,Last\r\n\r\n\r\n']) {
      const err = await rejection(readAll(text));
      expect(err, JSON.stringify(text)).toMatchObject({ code: 'E_EMPTY', exit: ExitCode.usage });
    }
  });

  it('refuses a file with a NUL byte as binary, with its offset', async () => {
    const err = await rejection(readAll('NPI,Last\r1234567893,Lind\0'));
    expect(err).toMatchObject({ code: 'E_BINARY', exit: ExitCode.usage });
    expect(err.message).toContain('offset 24');
  });

  it('refuses Windows-1252 bytes read as UTF-8, naming line, column and byte', async () => {
    const bytes = Buffer.concat([
      Buffer.from('last,first,middle\n'),
      Buffer.from([0x4f, 0x92]),
      Buffer.from('Brien,Ana,B\n'),
    ]);
    const err = await rejection(readAll(bytes));
    expect(err).toMatchObject({ code: 'E_ENCODING', exit: ExitCode.usage });
    expect(err.location).toMatchObject({ file: 'roster.csv', line: 2, column: 2 });
    expect(err.message).toBe('byte 0x92 at offset 19 is not valid UTF-8');
  });

  it('reads those bytes as windows-1252 when asked, without replacement characters', async () => {
    const row = Buffer.from([
      0x4f, 0x92, 0x42, 0x72, 0x69, 0x65, 0x6e, 0x2c, 0x50, 0x65, 0xf1, 0x61, 0x2c, 0x4a, 0x6f,
      0x73, 0xe9,
    ]);
    const bytes = Buffer.concat([Buffer.from('last,second,first\r\n'), row, Buffer.from('\r\n')]);
    const { items } = await readAll(bytes, undefined, 'windows-1252');
    expect(items[0]).toMatchObject({ values: ['O’Brien', 'Peña', 'José'] });
  });

  it('reads accented UTF-8 names unchanged', async () => {
    const { items } = await readAll('last,first\r\nMuñoz,José\r\n');
    expect(items[0]).toMatchObject({ values: ['Muñoz', 'José'] });
  });

  it('detects tab and pipe delimiters from the header line', async () => {
    const tab = await readAll('NPI\tLast\tFirst\n1234567893\tLind, Jr\tAna\n');
    expect(tab.delimiter).toBe('\t');
    expect(tab.items[0]).toMatchObject({ values: ['1234567893', 'Lind, Jr', 'Ana'] });
    const pipe = await readAll('NPI|Last|First\n1234567893|Lind|Ana\n');
    expect(pipe.delimiter).toBe('|');
    expect(pipe.header).toEqual(['NPI', 'Last', 'First']);
  });

  it('uses the delimiter given by the caller over detection', async () => {
    const { header } = await readAll('a;b,c;d\n1;2,3;4\n', ';');
    expect(header).toEqual(['a', 'b,c', 'd']);
  });

  it('keeps stray quotes inside a field as text rather than failing the file', async () => {
    const { items } = await readAll('npi,last\n1234567893,x"y"\n1987654302,"a"b\n');
    expect(items.map((i) => i.kind === 'record' && i.values[1])).toEqual(['x"y"', '"a"b']);
  });

  it('refuses a record over 1 MiB, the sign of a wrong delimiter or quote', async () => {
    const err = await rejection(readAll(`npi,last\n1,${'x'.repeat(1_100_000)}\n2,y\n`));
    expect(err).toMatchObject({ code: 'E_RECORD_TOO_LARGE', exit: ExitCode.usage });
    expect(err.location).toMatchObject({ line: 2 });
  });
});
