import type { Outcome } from '../model.js';

/** What a check decided for one roster row against one source, before it is stored. */
export interface CheckDecision {
  outcome: Outcome;
  /** Stable reason code (`npi-active`, `npi-match`, `not-listed`, ...). */
  reason: string;
  /** What was looked up: the roster NPI and/or the name key (licence number for boards). */
  query: { npi?: string; nameKey?: string; licenseNumber?: string };
  /** Key fields of the matched source record (never a DOB), or null when none matched. */
  matched: Record<string, unknown> | null;
  /** SHA-256 of the matched source record's fields, or null. */
  rawSha256: string | null;
  /** Comparisons made on the way (name score, taxonomy, licence state). */
  compared?: Record<string, unknown>;
}
