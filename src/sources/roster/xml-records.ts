import { XMLParser } from 'fast-xml-parser';
import { usageError } from '../../errors.js';

/** One record element as parsed, and the character offset where it starts (when known). */
export interface XmlRecord {
  node: unknown;
  start?: number;
}

const META = XMLParser.getMetaDataSymbol() as unknown as symbol;
const TEXT = '#text';

/**
 * The record elements: those at `recordPath` (slash-separated, from the root element), or,
 * without a path, those of the first element found repeated, breadth first. A repeated
 * element on the way down contributes all its children.
 */
export function findRecords(
  doc: unknown,
  recordPath: string | undefined,
  file: string,
): { records: XmlRecord[]; recordPath: string } {
  const path = recordPath ?? guessRecordPath(doc);
  if (path === undefined) {
    const message = 'found no repeating element to read as records';
    throw usageError('E_XML_PATH', message, {
      file,
      field: 'recordPath',
    });
  }
  let nodes: unknown[] = [doc];
  for (const step of path.split('/').filter(Boolean)) {
    nodes = nodes.flatMap((n) => asList(own(n, step)));
  }
  if (nodes.length === 0) {
    throw usageError('E_XML_PATH', `no element at ${path}`, { file, field: 'recordPath' });
  }
  return { records: nodes.map((node) => ({ node, start: startOf(node) })), recordPath: path };
}

/** Every value path under the records, in order of first appearance. */
export function leafPaths(records: XmlRecord[]): string[] {
  const seen = new Set<string>();
  for (const { node } of records) collectPaths(node, '', seen);
  return [...seen];
}

/**
 * The text at a relative path (`Name/Last`, `@_npi`, `Address/@_type`); the first element when
 * the path meets a repeated one; '' when absent. Only own properties are followed.
 */
export function valueAt(node: unknown, path: string): string {
  let cur: unknown = node;
  for (const step of path.split('/')) {
    cur = asList(step === TEXT && typeof cur === 'string' ? cur : own(cur, step))[0];
    if (cur === undefined) return '';
  }
  return textOf(cur);
}

/** 1-based line of a character offset, given the offsets where lines start. */
export function lineOf(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

function collectPaths(node: unknown, prefix: string, seen: Set<string>): void {
  const first = asList(node)[0];
  if (first === undefined) return;
  if (typeof first !== 'object' || first === null) {
    seen.add(prefix || TEXT);
    return;
  }
  for (const [key, value] of Object.entries(first)) {
    const path = key === TEXT ? prefix || TEXT : prefix ? `${prefix}/${key}` : key;
    if (key === TEXT || key.startsWith('@_')) seen.add(path);
    else collectPaths(value, path, seen);
  }
}

function guessRecordPath(doc: unknown): string | undefined {
  let level: [string, unknown][] = [['', doc]];
  while (level.length > 0) {
    const next: [string, unknown][] = [];
    for (const [path, node] of level) {
      if (typeof node !== 'object' || node === null) continue;
      for (const [key, value] of Object.entries(node)) {
        if (key.startsWith('@_') || key === TEXT) continue;
        const child = path ? `${path}/${key}` : key;
        if (Array.isArray(value)) return child;
        next.push([child, value]);
      }
    }
    level = next;
  }
  return undefined;
}

function own(node: unknown, key: string): unknown {
  if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
  return (node as Record<string, unknown>)[key];
}

function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return decodeEntities(value);
  if (typeof value === 'object' && value !== null) {
    const text = own(value, TEXT);
    return typeof text === 'string' ? decodeEntities(text) : '';
  }
  return value === undefined || value === null ? '' : String(value);
}

function startOf(node: unknown): number | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const meta = (node as Record<symbol, { startIndex?: number } | undefined>)[META];
  return meta?.startIndex;
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Entity processing is off in the parser, so the five predefined entities and character
 * references are decoded here, in one pass: nothing declared is ever expanded.
 */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (whole, ref: string) => {
    if (!ref.startsWith('#')) return PREDEFINED[ref];
    const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
