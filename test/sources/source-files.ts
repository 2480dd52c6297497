import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { SnapshotItem } from '../../src/sources/snapshot-csv.js';

const HEADERS = join(import.meta.dirname, 'headers');

/** The raw header line of a real source file (without its line ending). */
export function headerLine(name: string): string {
  return readFileSync(join(HEADERS, name), 'utf8').replace(/\r?\n$/, '');
}

/** Column names of a header file. */
export function headerNames(name: string): string[] {
  return (parse(headerLine(name), { bom: true }) as string[][])[0];
}

/** A data line under `header`: every value quoted, columns filled by name, others empty. */
export function dataLine(header: string[], values: Record<string, string>): string {
  const known = new Set(header);
  for (const k of Object.keys(values)) {
    if (!known.has(k)) throw new Error(`test data names an unknown column: ${k}`);
  }
  return header.map((h) => `"${(values[h] ?? '').replace(/"/g, '""')}"`).join(',');
}

/** Writes a source file into a fresh temp dir and returns its path. */
export function writeSource(fileName: string, lines: string[], eol = '\n', bom = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'credkit-src-'));
  const path = join(dir, fileName);
  writeFileSync(path, bom + lines.join(eol) + eol);
  return path;
}

/** Collects a reader's items. */
export async function collect(items: AsyncIterable<SnapshotItem>): Promise<SnapshotItem[]> {
  const out: SnapshotItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** The imported rows' values only. */
export function rowsOf(items: SnapshotItem[]): Record<string, unknown>[] {
  return items.flatMap((i) => (i.kind === 'row' ? [i.values] : []));
}
