import type { CheckDecision } from '../../transform/match-decision.js';
import { decideNppes, type NppesHit } from '../../transform/match-nppes.js';
import { nameKey, orgKey } from '../../transform/match-names.js';
import type { NppesApiRecord } from './api-record.js';

/** The roster side of an NPPES check, as verify reads it from `roster_rows`. */
export interface NppesRosterRow {
  entityType: string;
  /** A valid NPI (check digit passed), else null. */
  npi: string | null;
  lastName: string | null;
  orgName: string | null;
  taxonomy: string | null;
  licenseState: string | null;
}

/**
 * The same decision the bulk NPPES check makes, from an API record: the record is mapped onto
 * `NppesJoin` (name keys and Jaro-Winkler as the DuckDB query computes them) and handed to
 * `decideNppes`, so the rules live in one place. `rawSha256` is the response body's hash.
 */
export function decideNppesLive(
  row: NppesRosterRow,
  record: NppesApiRecord | null,
  rawSha256: string,
): CheckDecision {
  const lastKey = nameKey(row.lastName);
  const rosterOrg = orgKey(row.orgName);
  const hit: NppesHit | null = record && {
    entityType: record.entityType,
    deactivationDate: record.deactivationDate,
    reactivationDate: record.reactivationDate,
    taxonomyCodes: record.taxonomies.map((t) => t.code),
    licenseStates: record.taxonomies.map((t) => t.state),
    nameScore:
      row.entityType === 'organization'
        ? score(rosterOrg, orgKey(record.orgName))
        : score(lastKey, nameKey(record.lastName)),
    rawSha256,
    matched: matchedFields(record),
  };
  return decideNppes({ ...row, lastKey, orgKey: rosterOrg, hit });
}

/** Key fields kept as evidence, named as the bulk check names them (no DOB, no address line). */
function matchedFields(r: NppesApiRecord): Record<string, unknown> {
  return {
    npi: r.npi,
    entityType: r.entityType,
    orgName: r.orgName,
    lastName: r.lastName,
    firstName: r.firstName,
    credential: r.credential,
    state: r.location?.state ?? null,
    postalCode: r.location?.postalCode ?? null,
    deactivationDate: r.deactivationDate,
    reactivationDate: r.reactivationDate,
    lastUpdateDate: r.lastUpdateDate,
  };
}

function score(a: string | null, b: string | null): number | null {
  if (!a || !b) return null;
  return jaroWinkler(a.replace(/ /g, ''), b.replace(/ /g, ''));
}

/**
 * Jaro-Winkler similarity as DuckDB's `jaro_winkler_similarity` computes it: prefix weight 0.1
 * over at most 4 characters, applied only above a Jaro similarity of 0.7.
 */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  if (j <= 0.7) return j;
  let prefix = 0;
  while (prefix < Math.min(4, a.length, b.length) && a[prefix] === b[prefix]) prefix++;
  return j + prefix * 0.1 * (1 - j);
}

function jaro(a: string, b: string): number {
  if (a === b) return 1;
  if (!a.length || !b.length) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aHit = new Array<boolean>(a.length).fill(false);
  const bHit = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const end = Math.min(i + window + 1, b.length);
    for (let k = Math.max(0, i - window); k < end; k++) {
      if (bHit[k] || a[i] !== b[k]) continue;
      aHit[i] = bHit[k] = true;
      matches++;
      break;
    }
  }
  if (!matches) return 0;
  let transpositions = 0;
  for (let i = 0, k = 0; i < a.length; i++) {
    if (!aHit[i]) continue;
    while (!bHit[k]) k++;
    if (a[i] !== b[k++]) transpositions++;
  }
  const m = matches;
  return (m / a.length + m / b.length + (m - transpositions / 2) / m) / 3;
}
