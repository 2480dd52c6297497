import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { usageError } from '../../errors.js';
import { HeaderIndex, asReadError, headerName, rowHash } from '../snapshot-csv.js';
import { readStampDate } from './dates.js';
import type { Layout } from './layout.js';
import { layoutMapper, type RowMapper } from './row.js';

/** One imported record, a record warning, or the publication date found in the title rows. */
export type LayoutItem =
  | { kind: 'row'; line: number; values: Record<string, unknown> }
  | {
      kind: 'warning';
      line: number;
      code: string;
      field?: string;
      message: string;
      /** The record was not imported (a bad date, a wrong field count). */
      skipped: boolean;
    }
  | { kind: 'published'; date: string };

interface Parsed {
  record: string[];
  info: { lines: number };
}

/**
 * Streams a board or state-list file under its layout: records above `headerRow` are titles
 * (searched for the publication date, B10), the header row is matched against the layout's
 * columns (all missing ones reported at once), and every later record becomes a row or a
 * warning. Values are never echoed in warnings, only the field name and line.
 */
export async function* readLayoutFile(file: string, layout: Layout): AsyncGenerator<LayoutItem> {
  const parser = parse({
    bom: true,
    delimiter: layout.delimiter,
    encoding: layout.encoding === 'latin1' ? 'latin1' : 'utf8',
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
  });
  pipeline(createReadStream(file), parser).catch(() => undefined);
  const titles: string[] = [];
  let map: RowMapper | undefined;
  let expected = 0;
  let records = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<Parsed>) {
      records++;
      const line = info.lines;
      if (records < layout.headerRow) {
        titles.push(record.join(' '));
        continue;
      }
      if (!map) {
        const published = titleDate(layout, [...titles, ...record], file);
        if (published) yield { kind: 'published', date: published };
        map = mapperFor(record, layout, file);
        expected = record.length;
        continue;
      }
      if (record.length !== expected) {
        const message = `record has ${record.length} fields, header has ${expected}; not imported`;
        yield { kind: 'warning', line, code: 'W_FIELD_COUNT', message, skipped: true };
        continue;
      }
      yield* map(record, line, rowHash(record));
    }
  } catch (err) {
    throw asReadError(err, file);
  }
  if (!map) {
    throw usageError('E_EMPTY_FILE', `file has no header at record ${layout.headerRow}`, {
      file: basename(file),
    });
  }
}

function mapperFor(record: string[], layout: Layout, file: string): RowMapper {
  const header = record.map(headerName);
  const idx = new HeaderIndex(header, file);
  const at = new Map([...layout.columns].map(([name, field]) => [field, idx.need(name)]));
  const disciplineAt = layout.discipline ? idx.need(layout.discipline.column) : -1;
  idx.check();
  return layoutMapper(layout, at, disciplineAt);
}

/**
 * The publication date a title row or header cell carries (`Revised 05/09/2016`), read with
 * the layout's date formats; required when the layout says the date comes from there.
 */
function titleDate(layout: Layout, cells: string[], file: string): string | null {
  if (!layout.titleDatePattern) return null;
  for (const cell of cells) {
    const m = layout.titleDatePattern.exec(cell);
    if (!m?.[1]) continue;
    const date = readStampDate(m[1], layout.dateFormats);
    if (date) return date;
  }
  if (layout.publishedFrom !== 'title-row') return null;
  throw usageError('E_TITLE_DATE', 'no publication date in the title rows or header cells', {
    file: basename(file),
    line: layout.headerRow,
  });
}
