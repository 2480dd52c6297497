import { readFile, stat } from 'node:fs/promises';
import { usageError } from '../../errors.js';
import { isObject, str, type Json } from './elements.js';

/** Bundles are parsed whole, so their size is capped (reliability.md I4). */
export const MAX_BUNDLE_BYTES = 64 * 1024 * 1024;

/** One Bundle entry's resource, with its 1-based entry number and the line the entry starts. */
export interface BundleEntry {
  entry: number;
  line: number;
  fullUrl?: string;
  resource: unknown;
}

/**
 * Reads a FHIR Bundle file: refuses files over `maxBytes` (`E_FILE_TOO_LARGE`), text that is
 * not JSON (`E_JSON`) and JSON that is not a Bundle (`E_FHIR_BUNDLE`), all exit 2.
 */
export async function readBundle(
  path: string,
  file: string,
  maxBytes = MAX_BUNDLE_BYTES,
): Promise<BundleEntry[]> {
  const size = (await stat(path)).size;
  if (size > maxBytes) {
    const message = `a Bundle of ${size} bytes is over the ${maxBytes} byte limit; use NDJSON`;
    throw usageError('E_FILE_TOO_LARGE', message, { file });
  }
  let text = await readFile(path, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let bundle: unknown;
  try {
    bundle = JSON.parse(text);
  } catch {
    throw usageError('E_JSON', 'the file is not valid JSON', { file });
  }
  if (!isObject(bundle) || bundle.resourceType !== 'Bundle') {
    throw usageError('E_FHIR_BUNDLE', 'expected a FHIR Bundle (resourceType "Bundle")', { file });
  }
  const lines = entryLines(text);
  const entries = Array.isArray(bundle.entry) ? bundle.entry : [];
  return entries.map((e: unknown, i) => ({
    entry: i + 1,
    line: lines[i] ?? 1,
    fullUrl: isObject(e) ? str(e.fullUrl) : undefined,
    resource: isObject(e) ? e.resource : undefined,
  }));
}

/**
 * The line on which each element of the root's `entry` array starts, found by a scan that
 * tracks strings and nesting, so findings cite real lines of a pretty-printed Bundle.
 */
export function entryLines(text: string): number[] {
  const starts: number[] = [];
  let depth = 0;
  let line = 1;
  let inString = false;
  let key = '';
  let stringStart = 0;
  let entryArray = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') {
        inString = false;
        if (depth === 1) key = text.slice(stringStart, i);
      }
      continue;
    }
    if (c === '"') {
      inString = true;
      stringStart = i + 1;
    } else if (c === '{' || c === '[') {
      if (c === '{' && entryArray && depth === 2) starts.push(line);
      if (c === '[' && depth === 1) entryArray = key === 'entry';
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 1) entryArray = false;
    }
  }
  return starts;
}

/** Bundle entries' resources that are JSON objects, for indexing. */
export function entryResources(entries: BundleEntry[]): { resource: Json; fullUrl?: string }[] {
  return entries.flatMap((e) =>
    isObject(e.resource) ? [{ resource: e.resource, fullUrl: e.fullUrl }] : [],
  );
}
