import { basename, extname } from 'node:path';
import { usageError } from '../../errors.js';
import { openFhirRoster } from '../fhir/reader.js';
import { openRosterReader, type RosterReader } from './csv.js';
import type { ReaderOptions } from './options.js';
import type { ProfileSource } from './profiles.js';
import { openXlsxReader } from './xlsx.js';
import { openXmlReader } from './xml.js';

/** Roster file formats credkit reads. Each reader yields the same `RosterReader` shape. */
export type RosterFormat = 'csv' | 'fhir' | 'xlsx' | 'xml';

/** Reader options plus what a mapping profile says of the file (sheet, record path, ...). */
export type OpenOptions = ReaderOptions & { source?: ProfileSource };

type Opener = (path: string, opts: OpenOptions) => Promise<RosterReader>;

/** One entry per format: how to open it. Readers for new formats register here. */
const OPENERS: Record<RosterFormat, Opener> = {
  csv: openRosterReader,
  // FHIR is UTF-8 JSON by definition: delimiter and encoding do not apply.
  fhir: (path) => openFhirRoster(path),
  xlsx: openXlsxReader,
  xml: openXmlReader,
};

/** Picks the format from the file extension; anything unknown is read as delimited text. */
export function rosterFormat(path: string): RosterFormat {
  switch (extname(path).toLowerCase()) {
    case '.ndjson':
    case '.json':
      return 'fhir';
    case '.xlsx':
    case '.xlsm':
      return 'xlsx';
    case '.xml':
      return 'xml';
    default:
      return 'csv';
  }
}

/** Opens a roster of any supported format as a stream of tabular records. */
export function openRoster(path: string, opts: OpenOptions): Promise<RosterReader> {
  return OPENERS[formatFor(path, opts.source)](path, opts);
}

/**
 * The format to read a file as: a profile's `format` decides for delimited or unknown
 * extensions (`.txt` holding XML); a profile for another format than a known extension's
 * (a CSV profile given an `.xlsx` file) is refused rather than misread.
 */
export function formatFor(path: string, source?: ProfileSource): RosterFormat {
  const byName = rosterFormat(path);
  const wanted = source?.format;
  if (!wanted || wanted === byName) return byName;
  if (byName === 'csv') return wanted;
  const message = `the profile is for ${wanted} files; this file is read as ${byName}`;
  throw usageError('E_PROFILE', message, { file: basename(path) });
}
