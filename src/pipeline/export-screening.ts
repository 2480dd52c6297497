import type { Db } from '../store/sqlite.js';
import type { MasterView } from '../transform/fhir/resources.js';
import { toOperationOutcome, type OperationOutcome } from '../transform/fhir/outcome.js';

/** Sources every exported provider must have been screened against (42 CFR 455.436). */
export const REQUIRED_SOURCES = ['nppes', 'leie', 'sam'] as const;

/**
 * Member rows without a check of a required source, or whose check could not reach it. A
 * check that ran and lacked data (`insufficient-data`, e.g. no NPI for an atypical provider)
 * counts as screened: the source was there and answered what it could.
 */
const GAPS_SQL = `
SELECT DISTINCT mm.master_id AS masterId, s.source
FROM master_members mm
CROSS JOIN (${REQUIRED_SOURCES.map((s) => `SELECT '${s}' AS source`).join(' UNION ALL ')}) s
LEFT JOIN checks c ON c.row_id = mm.row_id AND c.source = s.source
WHERE c.id IS NULL OR c.outcome = 'source-unavailable'
ORDER BY mm.master_id, s.source`;

/** Masters whose screening is incomplete, with the sources missing. */
export function screeningGaps(db: Db): Map<string, string[]> {
  const gaps = new Map<string, string[]>();
  for (const row of db.prepare(GAPS_SQL).all() as { masterId: string; source: string }[]) {
    gaps.set(row.masterId, [...(gaps.get(row.masterId) ?? []), row.source]);
  }
  return gaps;
}

/**
 * Screening fails closed: an active master not screened against every required source is
 * treated like an excluded one (left out of `output`, listed in `deleted` on `_since` exports)
 * and named in the `error` file, so the MMIS never receives an unscreened provider as active.
 */
export function holdUnscreened(
  masters: MasterView[],
  gaps: Map<string, string[]>,
): { masters: MasterView[]; held: OperationOutcome[] } {
  const held: OperationOutcome[] = [];
  const out = masters.map((m) => {
    const missing = gaps.get(m.id);
    if (m.status !== 'active' || !missing) return m;
    held.push(outcomeFor(m, missing));
    return { ...m, status: 'excluded' as const };
  });
  return { masters: out, held };
}

function outcomeFor(m: MasterView, missing: string[]): OperationOutcome {
  const type = m.kind === 'organization' ? 'Organization' : 'Practitioner';
  return toOperationOutcome({
    severity: 'error',
    code: 'required',
    masterId: m.id,
    element: type,
    message:
      `not screened against ${missing.join(', ')}; ` +
      'left out until every required source answers',
    places: [],
  });
}
