/**
 * The health-plan roster: RFC 4180 CSV, UTF-8, CRLF, one provider per row plus the planted
 * duplicate and faulty rows.
 */
import { minimalQuote, LineWriter } from './csv.js';
import { mdy } from './dates.js';
import { ROSTER_COLUMNS, type RosterColumn } from './headers.js';
import { providerAt, type DuplicateVariant, type Plan, type RowFault } from './plan.js';
import type { Provider } from './provider.js';
import { transpose } from './text.js';
import { NICKNAMES } from './vocab.js';

type RosterValues = Record<RosterColumn, string>;

export interface RosterFacts {
  badNpis: { record: number; npi: string; problem: 'check-digit' | 'format' }[];
  missingFields: { record: number; npi: string; field: string }[];
  duplicates: { npi: string; records: [number, number]; variant: DuplicateVariant }[];
  noDobNpis: string[];
  /** Record number of every provider the plan names (specials and duplicate sources). */
  recordOf: Map<number, number>;
}

function rosterValues(p: Provider, group: Provider | null, noDob: boolean): RosterValues {
  return {
    'Provider NPI': p.npi,
    'Entity Type': p.kind === 'individual' ? 'Individual' : 'Organization',
    'Last Name': p.lastName,
    'First Name': p.firstName,
    'Middle Name': p.middleName,
    'Organization Name': p.orgName,
    Credential: p.credential,
    'Date of Birth': p.dob === null || noDob ? '' : mdy(p.dob),
    Sex: p.sex,
    'Taxonomy Code': p.taxonomy,
    'License Number': p.licenseNumber,
    'License State': p.licenseState,
    'Group NPI': group?.npi ?? '',
    'Group Name': group?.orgName ?? '',
    'Address Line 1': p.address1,
    'Address Line 2': p.address2,
    City: p.city,
    State: p.state,
    ZIP: p.zip,
    Phone: p.phone,
    'Effective Date': mdy(p.effective),
  };
}

/** The NPI as the faulty row spells it: a wrong last digit, or the last digit dropped. */
export function faultyNpi(npi: string, kind: 'check-digit' | 'short'): string {
  if (kind === 'short') return npi.slice(0, 9);
  return npi.slice(0, 9) + String((Number(npi[9]) + 3) % 10);
}

function applyVariant(v: RosterValues, variant: DuplicateVariant): void {
  if (variant === 'case') {
    v['Last Name'] = v['Last Name'].toUpperCase();
    v['First Name'] = v['First Name'].toUpperCase();
  } else if (variant === 'typo') {
    v['First Name'] = transpose(v['First Name']);
  } else if (variant === 'nickname') {
    v['First Name'] = NICKNAMES[v['First Name']] ?? v['First Name'];
  } else {
    const suite = Number(/\d+/.exec(v['Address Line 2'])?.[0] ?? 98);
    v['Address Line 2'] = `Suite ${suite + 2}`;
  }
}

function applyFault(v: RosterValues, fault: RowFault, record: number, facts: RosterFacts): void {
  const npi = v['Provider NPI'];
  if (fault.kind === 'missing') {
    v[fault.field] = '';
    facts.missingFields.push({ record, npi, field: fault.field });
    return;
  }
  v['Provider NPI'] = faultyNpi(npi, fault.kind);
  const problem = fault.kind === 'short' ? 'format' : 'check-digit';
  facts.badNpis.push({ record, npi: v['Provider NPI'], problem });
}

/** Providers whose record number the expected summary needs. */
function namedProviders(plan: Plan): Set<number> {
  const named = new Set<number>([
    ...plan.notInNppes,
    plan.deactivated,
    plan.nameMismatch,
    plan.leieByNpi,
    plan.leieByNameDob,
    plan.leieLookalike,
    plan.samByNpi,
    plan.samOrgName,
  ]);
  for (const slot of plan.duplicates.values()) named.add(slot.source);
  return named;
}

class RosterBuilder {
  readonly facts: RosterFacts = {
    badNpis: [],
    missingFields: [],
    duplicates: [],
    noDobNpis: [],
    recordOf: new Map(),
  };
  private readonly named: Set<number>;
  private next = 0;

  constructor(private readonly plan: Plan) {
    this.named = namedProviders(plan);
  }

  /** The values of record `record` (1-based). */
  row(record: number): RosterValues {
    const slot = this.plan.duplicates.get(record);
    if (slot) return this.duplicate(record, slot.source, slot.variant);
    const index = this.next++;
    const p = this.provider(index);
    const noDob = this.plan.noDob.has(index);
    const v = rosterValues(p, this.group(p), noDob);
    if (noDob) this.facts.noDobNpis.push(p.npi);
    if (this.named.has(index)) this.facts.recordOf.set(index, record);
    const fault = this.plan.faults.get(index);
    if (fault) applyFault(v, fault, record, this.facts);
    return v;
  }

  private duplicate(record: number, source: number, variant: DuplicateVariant): RosterValues {
    const p = this.provider(source);
    const v = rosterValues(p, this.group(p), false);
    applyVariant(v, variant);
    const first = this.facts.recordOf.get(source) ?? 0;
    this.facts.duplicates.push({ npi: p.npi, records: [first, record], variant });
    return v;
  }

  private provider(index: number): Provider {
    return providerAt(this.plan, index);
  }

  private group(p: Provider): Provider | null {
    return p.groupIndex === null ? null : this.provider(p.groupIndex);
  }
}

export async function writeRoster(path: string, plan: Plan): Promise<RosterFacts> {
  const out = new LineWriter(path, '\r\n');
  const builder = new RosterBuilder(plan);
  await out.line(ROSTER_COLUMNS.join(','));
  for (let record = 1; record <= plan.rows; record++) {
    const v = builder.row(record);
    await out.line(ROSTER_COLUMNS.map((c) => minimalQuote(v[c])).join(','));
  }
  await out.close();
  return builder.facts;
}
