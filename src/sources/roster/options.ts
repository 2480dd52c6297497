import { usageError } from '../../errors.js';

/** Text encodings a roster may be read in. */
export const ROSTER_ENCODINGS = ['utf-8', 'windows-1252', 'latin1'] as const;
export type RosterEncoding = (typeof ROSTER_ENCODINGS)[number];

/** Delimiters tried, in order of preference, when the header line does not settle it. */
export const DELIMITER_CANDIDATES = [',', '\t', '|', ';'] as const;

/** Reader options after normalisation: the delimiter may still be left to detection. */
export interface ReaderOptions {
  /** @default detected from the header line among `, \t | ;` */
  delimiter?: string;
  /** @default 'utf-8' */
  encoding: RosterEncoding;
}

const ENCODING_ALIASES: Record<string, RosterEncoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  latin1: 'latin1',
  'iso-8859-1': 'latin1',
};

const DELIMITER_ALIASES: Record<string, string> = { tab: '\t', '\\t': '\t', pipe: '|' };

/** Checks and defaults the reader flags once, so the reader never re-checks them. */
export function readerOptions(delimiter?: string, encoding?: string): ReaderOptions {
  return { delimiter: delimiterOption(delimiter), encoding: encodingOption(encoding) };
}

function encodingOption(value: string | undefined): RosterEncoding {
  if (value === undefined) return 'utf-8';
  const encoding = ENCODING_ALIASES[value.toLowerCase()];
  if (!encoding) {
    const known = ROSTER_ENCODINGS.join(', ');
    throw usageError('E_OPTION', `--encoding expected one of ${known}, got "${value}"`);
  }
  return encoding;
}

function delimiterOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const delimiter = DELIMITER_ALIASES[value.toLowerCase()] ?? value;
  if (delimiter.length !== 1 || /["\r\n]/.test(delimiter)) {
    throw usageError(
      'E_OPTION',
      `--delimiter expected one character other than a quote or line break, got "${value}"`,
    );
  }
  return delimiter;
}
