import { extname, basename } from 'node:path';
import { usageError } from '../../errors.js';
import type { RosterItem, RosterReader } from '../roster/csv.js';
import { entryResources, MAX_BUNDLE_BYTES, readBundle, type BundleEntry } from './bundle.js';
import { isObject, str, type Json } from './elements.js';
import { JoinIndex } from './join-index.js';
import { MAX_LINE_BYTES, ndjsonLines } from './lines.js';
import { FHIR_HEADER, organizationCells, practitionerCells } from './records.js';

export interface FhirReaderOptions {
  /**
   * Other NDJSON files of the same export (e.g. a Bulk Data pull): their Organizations,
   * Locations and PractitionerRoles resolve references; only `path` yields records.
   */
  related?: readonly string[];
  /** @default 16 MiB */
  maxLineBytes?: number;
  /** @default 64 MiB */
  maxBundleBytes?: number;
}

/** Resource types that become roster records; the others only feed the join. */
const ROW_TYPES = new Set(['Practitioner', 'Organization']);

/**
 * Opens a FHIR roster, NDJSON (`.ndjson`) or a Bundle (`.json`), as a `RosterReader` whose
 * header is `FHIR_HEADER`. Two passes: the first indexes Organizations, Locations and
 * PractitionerRoles of `path` and `related`; the second streams `path` and yields one record
 * per Practitioner (joined with its role) and per Organization. Record numbers of NDJSON are
 * line numbers; of a Bundle, entry numbers.
 */
export async function openFhirRoster(
  path: string,
  opts: FhirReaderOptions = {},
): Promise<RosterReader> {
  const file = basename(path);
  const maxLine = opts.maxLineBytes ?? MAX_LINE_BYTES;
  const index = new JoinIndex();
  const bundle = isBundlePath(path)
    ? await readBundle(path, file, opts.maxBundleBytes ?? MAX_BUNDLE_BYTES)
    : undefined;
  if (bundle) for (const e of entryResources(bundle)) index.add(e.resource, e.fullUrl);
  else await indexNdjson(path, maxLine, index);
  for (const other of opts.related ?? []) {
    if (other !== path) await indexNdjson(other, maxLine, index);
  }
  const items = bundle ? bundleItems(bundle, file, index) : ndjsonItems(path, file, maxLine, index);
  let closed = false;
  return {
    file,
    delimiter: '',
    header: [...FHIR_HEADER],
    items: guarded(items, () => closed),
    close: () => void (closed = true),
  };
}

export function isBundlePath(path: string): boolean {
  return extname(path).toLowerCase() === '.json';
}

async function indexNdjson(path: string, maxLine: number, index: JoinIndex): Promise<void> {
  for await (const { text } of ndjsonLines(path, basename(path), maxLine)) {
    const resource = text === undefined ? undefined : parseJson(text);
    if (isObject(resource)) index.add(resource);
  }
}

async function* ndjsonItems(
  path: string,
  file: string,
  maxLine: number,
  index: JoinIndex,
): AsyncGenerator<RosterItem> {
  let records = 0;
  for await (const { line, text } of ndjsonLines(path, file, maxLine)) {
    if (text !== undefined && text.trim() === '') {
      yield { kind: 'blank', line };
      continue;
    }
    const item = toItem(text, line, line, index);
    if (item) {
      records++;
      yield item;
    }
  }
  if (records === 0) throw noRecords(file);
}

async function* bundleItems(
  entries: BundleEntry[],
  file: string,
  index: JoinIndex,
): AsyncGenerator<RosterItem> {
  let records = 0;
  for (const e of entries) {
    const item = resourceItem(e.resource, e.entry, e.line, index, e.fullUrl, '');
    if (item) {
      records++;
      yield item;
    }
  }
  if (records === 0) throw noRecords(file);
}

/** A line as a record, a broken record (not UTF-8, not JSON), or null for a joined type. */
function toItem(
  text: string | undefined,
  record: number,
  line: number,
  index: JoinIndex,
): RosterItem | null {
  if (text === undefined) {
    return broken(record, line, 'E_ENCODING', 'the line is not valid UTF-8', '');
  }
  const resource = parseJson(text);
  if (resource === undefined) {
    return broken(record, line, 'E_JSON', 'the line is not valid JSON', text);
  }
  return resourceItem(resource, record, line, index, undefined, text);
}

function resourceItem(
  resource: unknown,
  record: number,
  line: number,
  index: JoinIndex,
  fullUrl: string | undefined,
  text: string,
): RosterItem | null {
  if (!isObject(resource) || !str(resource.resourceType)) {
    const message = 'not a FHIR resource (no resourceType)';
    return broken(record, line, 'E_FHIR_RESOURCE', message, text);
  }
  if (!ROW_TYPES.has(String(resource.resourceType))) return null;
  const values =
    resource.resourceType === 'Practitioner'
      ? practitionerCells(resource, index, fullUrl)
      : organizationCells(resource);
  return { kind: 'record', record, line, values };
}

function broken(
  record: number,
  line: number,
  code: string,
  message: string,
  text: string,
): RosterItem {
  return { kind: 'broken', record, line, code, message, text };
}

function parseJson(text: string): Json | unknown[] | string | number | boolean | null | undefined {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}

function noRecords(file: string): Error {
  return usageError('E_EMPTY', 'the file has no Practitioner or Organization resources', { file });
}

/** Stops yielding once the reader is closed, so `close()` ends a half-read file. */
async function* guarded(
  items: AsyncGenerator<RosterItem>,
  isClosed: () => boolean,
): AsyncGenerator<RosterItem> {
  try {
    for await (const item of items) {
      if (isClosed()) return;
      yield item;
    }
  } finally {
    await items.return(undefined);
  }
}
