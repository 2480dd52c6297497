import type { LayoutKind } from '../../model.js';
import type { LayoutDateFormat } from './dates.js';

/** Licence statuses a board layout maps its raw status values onto. */
export const LICENSE_STATUSES = [
  'active',
  'inactive',
  'expired',
  'revoked',
  'suspended',
  'probation',
] as const;
export type LicenseStatus = (typeof LICENSE_STATUSES)[number];

/** What a state list's raw status says; `reinstated` ends the exclusion. */
export const LIST_STATUSES = ['excluded', 'suspended', 'terminated', 'reinstated'] as const;
export type ListStatus = (typeof LIST_STATUSES)[number];

/** Fields a board file's columns may map to. */
export const BOARD_FIELDS = [
  'licenseNumber',
  'licenseType',
  'lastName',
  'firstName',
  'middleName',
  'orgName',
  'status',
  'issueDate',
  'expirationDate',
  'npi',
  'city',
  'state',
] as const;

/** Fields a state exclusion list's columns may map to. */
export const LIST_FIELDS = [
  'npi',
  'lastName',
  'firstName',
  'middleName',
  'orgName',
  'dob',
  'licenseNumber',
  'providerType',
  'status',
  'action',
  'startDate',
  'endDate',
  'city',
  'state',
] as const;

export type LayoutField = (typeof BOARD_FIELDS)[number] | (typeof LIST_FIELDS)[number];

/** Fields parsed as dates. */
export const DATE_FIELDS: ReadonlySet<LayoutField> = new Set([
  'issueDate',
  'expirationDate',
  'dob',
  'startDate',
  'endDate',
]);

export const PUBLISHED_FROM = ['filename', 'title-row', 'mtime'] as const;
export type PublishedFrom = (typeof PUBLISHED_FROM)[number];

/**
 * How to read one board's or one state list's file, validated (`parseLayout`). Header names
 * are kept as `headerName` spells them (trimmed, lower case) so they compare with the file's.
 */
export interface Layout {
  id: string;
  kind: LayoutKind;
  /** Two-letter state of the board or list; a board checks roster licences of this state. */
  state: string;
  name: string;
  /** 1-based record holding the header (blank lines not counted); rows above are titles. */
  headerRow: number;
  delimiter: string;
  encoding: 'utf8' | 'latin1';
  /** header name -> field */
  columns: Map<string, LayoutField>;
  dateFormats: readonly LayoutDateFormat[];
  /** Upper-cased raw status -> status. */
  status: Map<string, LicenseStatus | ListStatus>;
  discipline?: { column: string; truthy: ReadonlySet<string> };
  /** Splits a cell holding several NPIs (B15). */
  npiSplit?: RegExp;
  /** Upper-cased values meaning "no value" (B14), besides empty and masked cells. */
  placeholders: ReadonlySet<string>;
  /** Licence numbers (normalised, roster side) this board issues; all of its state if absent. */
  licensePattern?: RegExp;
  publishedFrom: PublishedFrom;
  /** Finds the publication date in the title rows or header cells (first capture group). */
  titleDatePattern?: RegExp;
  /** Finds the publication date in the file name (first capture group). */
  fileNameDatePattern?: RegExp;
}

/** Cells such as `N/A` that state files print for "unknown" (sources.md 10). */
export const DEFAULT_PLACEHOLDERS = ['N/A', 'NA', 'NONE', 'UNKNOWN', 'NULL', '-', '--'];

/** Discipline value meaning "any non-empty cell is a flag". */
export const ANY_VALUE = '*';
