import { extname } from 'node:path';
import { openRosterReader, type RosterReader } from './csv.js';
import type { ReaderOptions } from './options.js';

/** Roster file formats credkit reads. Each reader yields the same `RosterReader` shape. */
export type RosterFormat = 'csv';

type Opener = (path: string, opts: ReaderOptions) => Promise<RosterReader>;

/** One entry per format: how to open it. Readers for new formats register here. */
const OPENERS: Record<RosterFormat, Opener> = {
  csv: openRosterReader,
};

/** Picks the format from the file extension; anything unknown is read as delimited text. */
export function rosterFormat(path: string): RosterFormat {
  switch (extname(path).toLowerCase()) {
    default:
      return 'csv';
  }
}

/** Opens a roster of any supported format as a stream of tabular records. */
export function openRoster(path: string, opts: ReaderOptions): Promise<RosterReader> {
  return OPENERS[rosterFormat(path)](path, opts);
}
