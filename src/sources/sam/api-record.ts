import { isRecord } from '../http/classify.js';

/** One `excludedEntity[]` element of the Exclusions API v4, flattened. */
export interface SamApiRecord {
  npi: string | null;
  classification: string | null;
  name: string | null;
  firstName: string | null;
  lastName: string | null;
  state: string | null;
  zip: string | null;
  uei: string | null;
  excludingAgency: string | null;
  exclusionType: string | null;
  activeDate: string | null;
  terminationDate: string | null;
  recordStatus: string | null;
}

const NOT_AVAILABLE = /^(currently not available|null|n\/a|--)?$/i;

/** A trimmed string; null for `null`, empty, and `Currently Not Available` (sources.md 5.1). */
export function samText(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return NOT_AVAILABLE.test(t) ? null : t;
}

/** A response date `MM-DD-YYYY` (or `MM/DD/YYYY`) as ISO; anything else null. */
export function samDate(v: unknown): string | null {
  const t = samText(v);
  const m = t && /^(\d{2})[-/](\d{2})[-/](\d{4})$/.exec(t);
  return m ? `${m[3]}-${m[1]}-${m[2]}` : null;
}

const obj = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {});

/** The entities of a response body; undefined when the body has no `excludedEntity` list. */
export function samEntities(body: unknown): SamApiRecord[] | undefined {
  if (!isRecord(body)) return undefined;
  const list = body.excludedEntity ?? (Number(body.totalRecords) === 0 ? [] : undefined);
  if (!Array.isArray(list)) return undefined;
  return list.filter(isRecord).map(parseSamEntity);
}

export function parseSamEntity(e: Record<string, unknown>): SamApiRecord {
  const details = obj(e.exclusionDetails);
  const id = obj(e.exclusionIdentification);
  const address = obj(e.exclusionPrimaryAddress);
  const action = currentAction(obj(e.exclusionActions).listOfActions);
  const npi = samText(id.npi);
  return {
    npi: npi && /^\d{10}$/.test(npi) && !/^0+$/.test(npi) ? npi : null,
    classification: samText(details.classificationType),
    name: samText(id.entityName),
    firstName: samText(id.firstName),
    lastName: samText(id.lastName),
    state: samText(address.stateOrProvinceCode),
    zip: samText(address.zipCode),
    uei: samText(id.ueiSAM),
    excludingAgency: samText(details.excludingAgencyName) ?? samText(details.excludingAgencyCode),
    exclusionType: samText(details.exclusionType),
    activeDate: samDate(action.activateDate),
    terminationDate: samDate(action.terminationDate),
    recordStatus: samText(action.recordStatus),
  };
}

/** The action that speaks for the record now: the active one if any, else the latest. */
function currentAction(list: unknown): Record<string, unknown> {
  const actions = Array.isArray(list) ? list.filter(isRecord) : [];
  const active = actions.find((a) => samText(a.recordStatus)?.toUpperCase() === 'ACTIVE');
  return active ?? actions[actions.length - 1] ?? {};
}

/** Ended as the bulk check reads it: termination on or before `asOf`, or a non-active status. */
export function samEnded(r: SamApiRecord, asOf: string): boolean {
  if (r.terminationDate && r.terminationDate <= asOf) return true;
  return r.recordStatus !== null && r.recordStatus.toUpperCase() !== 'ACTIVE';
}
