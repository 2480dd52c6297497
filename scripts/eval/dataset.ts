/**
 * A labelled provider roster for the dedupe evaluation: invented providers from the synth
 * generator, plus duplicate rows with the variations real rosters show, each row tagged with
 * the provider it belongs to. Same options, same rows.
 */
import type { ProviderRow } from '../../src/model.js';
import { iso } from '../synth/dates.js';
import { pickRosterPlace, phone, zip5 } from '../synth/places.js';
import { rngFor, type Rng } from '../synth/prng.js';
import { makeProvider, type Provider } from '../synth/provider.js';
import { transpose } from '../synth/text.js';
import { NICKNAMES, ROSTER_SURNAMES, STREETS } from '../synth/vocab.js';

export const VARIANTS = [
  'typo',
  'swapped',
  'nickname',
  'moved',
  'surname',
  'case',
  'bad-npi',
  'no-npi',
] as const;
export type Variant = (typeof VARIANTS)[number] | 'org-name';

export interface LabelledRow {
  entity: number;
  variant: Variant | null;
  row: ProviderRow;
}

export interface DatasetOptions {
  entities: number;
  seed: number;
  /** Share of providers with one duplicate row (a few of them get two). */
  duplicateRate?: number;
  /** Share of individuals without an NPI (atypical providers). */
  atypicalRate?: number;
  /** Share of individuals who take the full name of an earlier, different person. */
  sharedNameRate?: number;
}

const STREAM_EVAL = 91;

export function makeDataset(opts: DatasetOptions): LabelledRow[] {
  const rng = rngFor(opts.seed, STREAM_EVAL, 0);
  const base: LabelledRow[] = [];
  for (let i = 0; i < opts.entities; i++) {
    const p = makeProvider(opts.seed, i, opts.entities);
    const row = toRow(p, rng, opts);
    if (p.kind === 'individual' && i > 0 && rng.chance(opts.sharedNameRate ?? 0.05)) {
      const other = base[rng.int(0, base.length - 1)].row;
      if (other.entityType === 'individual') {
        row.lastName = other.lastName;
        row.firstName = other.firstName;
      }
    }
    base.push({ entity: i, variant: null, row });
  }
  const out = [...base];
  for (const b of base) {
    if (!rng.chance(opts.duplicateRate ?? 0.25)) continue;
    const copies = rng.chance(0.15) ? 2 : 1;
    for (let k = 0; k < copies; k++) out.push(duplicate(b, rng));
  }
  return shuffle(out, rng);
}

function toRow(p: Provider, rng: Rng, opts: DatasetOptions): ProviderRow {
  const atypical = p.kind === 'individual' && rng.chance(opts.atypicalRate ?? 0.12);
  return {
    entityType: p.kind,
    npi: atypical ? null : p.npi,
    lastName: p.lastName || null,
    firstName: p.firstName || null,
    middleName: p.middleName || null,
    orgName: p.orgName || null,
    credential: p.credential || null,
    dob: p.dob === null ? null : iso(p.dob),
    sex: p.sex || null,
    taxonomy: atypical ? null : p.taxonomy,
    licenseNumber: atypical || !p.licenseNumber ? null : p.licenseNumber,
    licenseState: atypical || !p.licenseState ? null : p.licenseState,
    groupNpi: null,
    groupName: null,
    address1: p.address1.toUpperCase(),
    address2: p.address2 || null,
    city: p.city,
    state: p.state,
    zip: p.zip,
    phone: p.phone.replace(/\D/g, ''),
    effectiveDate: iso(p.effective),
    providerType: atypical ? 'Non-Medical Transportation' : null,
    tin: p.kind === 'organization' ? `${rng.digits(2)}-${rng.digits(7)}` : null,
    nameSuffix: null,
  };
}

function duplicate(b: LabelledRow, rng: Rng): LabelledRow {
  const row = { ...b.row };
  if (row.entityType === 'organization') {
    row.orgName = orgVariant(row.orgName ?? '', rng);
    if (rng.chance(0.3)) row.npi = null;
    return { entity: b.entity, variant: 'org-name', row };
  }
  const variant = rng.pick(VARIANTS);
  applyVariant(row, variant, rng);
  // Half of the duplicates also lose the NPI, so names, dates and addresses must carry them.
  if (variant !== 'bad-npi' && rng.chance(0.5)) row.npi = null;
  return { entity: b.entity, variant, row };
}

function applyVariant(row: ProviderRow, variant: Variant, rng: Rng): void {
  const first = row.firstName ?? '';
  const last = row.lastName ?? '';
  if (variant === 'typo') {
    if (rng.chance(0.5)) row.firstName = transpose(first);
    else row.lastName = transpose(last);
  } else if (variant === 'swapped') {
    row.firstName = last;
    row.lastName = first;
  } else if (variant === 'nickname') {
    row.firstName = NICKNAMES[first] ?? transpose(first);
  } else if (variant === 'moved') {
    const place = pickRosterPlace(rng);
    row.address1 = `${rng.int(100, 9899)} ${rng.pick(STREETS)}`.toUpperCase();
    row.address2 = null;
    row.city = place.city;
    row.state = place.state;
    row.zip = zip5(rng, place);
    row.phone = phone(rng, place).replace(/\D/g, '');
    row.effectiveDate = '2026-06-01';
  } else if (variant === 'surname') {
    row.lastName = rng.pick(ROSTER_SURNAMES.filter((s) => s !== last));
    row.effectiveDate = '2026-06-01';
  } else if (variant === 'case') {
    row.lastName = last.toUpperCase();
    row.firstName = first.toUpperCase();
  } else if (variant === 'bad-npi' && row.npi) {
    row.npi = row.npi.slice(0, 9) + String((Number(row.npi[9]) + 3) % 10);
  }
}

function orgVariant(name: string, rng: Rng): string {
  const stripped = name.replace(/,? (LLC|Inc\.|PC|PLLC)$/, '');
  return rng.chance(0.5) ? `${stripped}, LLC` : transpose(stripped);
}

function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
