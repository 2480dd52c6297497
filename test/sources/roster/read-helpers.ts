import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRosterReader, type RosterItem } from '../../../src/sources/roster/csv.js';
import { readerOptions } from '../../../src/sources/roster/options.js';

/** Writes `bytes` to a fresh temp file named `name` and returns its path. */
export function tempFile(bytes: string | Buffer, name = 'roster.csv'): string {
  const path = join(mkdtempSync(join(tmpdir(), 'credkit-roster-')), name);
  writeFileSync(path, bytes);
  return path;
}

/** Reads a whole roster given as bytes: header, delimiter and every item. */
export async function readAll(bytes: string | Buffer, delimiter?: string, encoding?: string) {
  const reader = await openRosterReader(tempFile(bytes), readerOptions(delimiter, encoding));
  const items: RosterItem[] = [];
  for await (const item of reader.items) items.push(item);
  return { header: reader.header, delimiter: reader.delimiter, items };
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await p;
  } catch (err) {
    return err as Record<string, unknown>;
  }
  throw new Error('expected a rejection');
}
