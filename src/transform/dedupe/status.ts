import type { MasterStatus } from './record.js';

/** What one roster row's checks say about exporting it. */
export interface RowFlags {
  /** Some source returned outcome `excluded` (LEIE, SAM). */
  excluded: boolean;
  /** The NPPES check found the NPI deactivated (reason `npi-deactivated`). */
  deactivated: boolean;
  /** NPPES verified the row (NPI active, name agrees): its NPI and name are confirmed. */
  confirmed?: boolean;
}

/**
 * A master is only as clean as its worst member: one excluded row excludes the provider, since
 * the rows are the same person or organisation by the match rules.
 */
export function masterStatus(
  rowIds: readonly number[],
  flags: ReadonlyMap<number, RowFlags>,
): MasterStatus {
  let deactivated = false;
  for (const id of rowIds) {
    const f = flags.get(id);
    if (f?.excluded) return 'excluded';
    if (f?.deactivated) deactivated = true;
  }
  return deactivated ? 'deactivated' : 'active';
}
