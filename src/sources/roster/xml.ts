import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import iconv from 'iconv-lite';
import { CredkitError, ExitCode, usageError } from '../../errors.js';
import type { RosterItem, RosterReader } from './csv.js';
import type { ReaderOptions } from './options.js';
import type { ProfileSource } from './profiles.js';
import { findRecords, leafPaths, lineOf, valueAt, type XmlRecord } from './xml-records.js';

/** XML is parsed whole, in memory; files above this are refused unless a profile says more. */
export const MAX_XML_BYTES = 64 * 1024 * 1024;

/** Markup that declares a DTD or entities: the way in for entity expansion and XXE attacks. */
const FORBIDDEN = ['<!DOCTYPE', '<!ENTITY'];

/** Names that would reach Object.prototype; they are renamed before the parser stores them. */
const CRITICAL_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Opens an XML roster: the raw bytes are checked first (size, no DTD or entity declarations,
 * no NUL bytes, valid text in the chosen encoding), then parsed with entity processing off.
 * Records are the elements at `source.recordPath` (else the first repeating element); the
 * header is every leaf path found under them, `Name/Last` for elements and `@_npi` for
 * attributes. `line` is where each record element starts.
 */
export async function openXmlReader(
  path: string,
  opts: ReaderOptions & { source?: ProfileSource },
): Promise<RosterReader> {
  const file = basename(path);
  const text = await readXmlText(path, file, opts);
  const doc = parseXml(text, file);
  const { records, recordPath } = findRecords(doc, opts.source?.recordPath, file);
  const header = leafPaths(records);
  if (header.length === 0) {
    throw usageError('E_EMPTY', `elements at ${recordPath} hold no values`, { file });
  }
  const items = readItems(records, header, text);
  return { file, delimiter: '', header, items, close: () => undefined };
}

async function readXmlText(
  path: string,
  file: string,
  opts: ReaderOptions & { source?: ProfileSource },
): Promise<string> {
  const max = opts.source?.maxBytes ?? MAX_XML_BYTES;
  const { size } = await stat(path);
  if (size > max) {
    const message = `file is ${size} bytes, above the XML limit of ${max}`;
    throw new CredkitError('E_XML_TOO_LARGE', message, {
      file,
      exit: ExitCode.usage,
      suggestion: 'Raise "maxBytes" in the mapping profile if the machine has the memory.',
    });
  }
  const bytes = await readFile(path);
  checkBytes(bytes, file);
  return decode(bytes, opts.encoding, file);
}

/** Refuses DTDs and entity declarations on the raw bytes, before any parser sees them. */
export function checkBytes(bytes: Buffer, file: string): void {
  for (const marker of FORBIDDEN) {
    const at = indexOfFolded(bytes, marker);
    if (at >= 0) {
      const message = `${marker.slice(2)} declarations are not allowed in XML rosters`;
      throw usageError('E_XML_DOCTYPE', message, { file, line: lineAtByte(bytes, at) });
    }
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const message = `NUL byte at offset ${nul}: not a UTF-8 or single-byte XML file`;
    throw usageError('E_BINARY', message, { file, line: lineAtByte(bytes, nul) });
  }
}

function decode(bytes: Buffer, encoding: ReaderOptions['encoding'], file: string): string {
  if (encoding !== 'utf-8') return iconv.decode(bytes, encoding);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw usageError('E_ENCODING', 'file is not valid UTF-8', { file });
  }
}

function parseXml(text: string, file: string): unknown {
  const invalid = XMLValidator.validate(text);
  if (invalid !== true) {
    const { msg, line, col } = invalid.err;
    throw usageError('E_XML', `not well-formed XML: ${msg}`, { file, line, column: col });
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: false,
    htmlEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    captureMetaData: true,
    transformTagName: (name) => (CRITICAL_NAMES.has(name) ? `#${name}` : name),
    transformAttributeName: (name) => (CRITICAL_NAMES.has(name) ? `#${name}` : name),
  });
  try {
    return parser.parse(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message.slice(0, 160) : 'unknown';
    throw usageError('E_XML', `cannot parse the XML: ${detail}`, { file });
  }
}

async function* readItems(
  records: XmlRecord[],
  header: string[],
  text: string,
): AsyncGenerator<RosterItem> {
  const lines = lineStarts(text);
  for (let i = 0; i < records.length; i++) {
    const rec = records[i];
    const line = rec.start === undefined ? i + 1 : lineOf(lines, rec.start);
    const values = header.map((path) => valueAt(rec.node, path));
    if (values.every((v) => v.trim() === '')) yield { kind: 'blank', line };
    else yield { kind: 'record', record: i + 1, line, values };
  }
}

/** Offsets where each line of the text starts; CRLF, CR and LF each end a line. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) continue;
    if (c === 0x0a || c === 0x0d) starts.push(i + 1);
  }
  return starts;
}

/** Position of the marker, compared case-insensitively: a lower-case DOCTYPE is refused too. */
function indexOfFolded(bytes: Buffer, marker: string): number {
  for (let at = bytes.indexOf('<!'); at >= 0; at = bytes.indexOf('<!', at + 2)) {
    const word = bytes.toString('latin1', at, at + marker.length).toUpperCase();
    if (word === marker) return at;
  }
  return -1;
}

function lineAtByte(bytes: Buffer, at: number): number {
  let line = 1;
  for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
  return line;
}
