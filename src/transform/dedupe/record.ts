import type { ProviderRow } from '../../model.js';

export type MasterKind = 'practitioner' | 'organization';

/** Derived from the members' checks; only `active` masters are exported. */
export type MasterStatus = 'active' | 'excluded' | 'deactivated';

/** Which foundation rule produced a match key (stored as the key's prefix). */
export type MatchRule = 'npi' | 'name-dob' | 'row' | 'org-npi';

/** A roster row as dedupe reads it: the normalised fields plus where it came from. */
export interface MemberRow extends ProviderRow {
  rowId: number;
  batchId: string;
  recordNo: number;
  /** Roster file name of the batch, for source-priority survivorship. */
  source?: string | null;
  /** When the batch was loaded; breaks recency ties after the effective date. */
  loadedAt?: string | null;
}

/** Where a master field's value came from: the roster row, and the primary source that
 * confirmed it (`nppes`) when one did. */
export interface FieldProvenance {
  rowId?: number;
  source?: string;
}

export interface License {
  number: string;
  state: string | null;
}

/**
 * The survived record stored as `masters.record` JSON. Every ProviderRow field holds the most
 * common non-null value among the members; the lists keep what a single value would lose.
 */
export interface MasterRecord extends ProviderRow {
  /** `roster`: built from member rows; `group-reference`: an organisation known only as the
   * group of individual rows (those rows are listed in `sourceRows` but are not members). */
  origin: 'roster' | 'group-reference';
  /** Distinct NUCC codes, most frequent (the primary) first. */
  taxonomies: string[];
  licenses: License[];
  /** Valid group NPIs that resolve to an organisation master. */
  groupNpis: string[];
  /** Roster row ids the record was built from, ascending. */
  sourceRows: number[];
  /** Per field (and `address`, `taxonomies`, `licenses`), the row or source that gave it. */
  provenance?: Record<string, FieldProvenance>;
}

/** One master as the dedupe rules planned it, before it is stored. */
export interface PlannedMaster {
  kind: MasterKind;
  key: string;
  rule: MatchRule;
  npi: string | null;
  record: MasterRecord;
  status: MasterStatus;
  /** Member rows (empty for a `group-reference` organisation). */
  rowIds: number[];
}
