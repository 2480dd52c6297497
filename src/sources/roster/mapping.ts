import { usageError } from '../../errors.js';
import { foldHeader, type RosterField, type RosterProfile } from './profiles.js';

/** Which file column feeds which ProviderRow field, and what the file names it. */
export interface ColumnMap {
  index: Partial<Record<RosterField, number>>;
  header: Partial<Record<RosterField, string>>;
  /** Header names the profile does not know; they are reported, not loaded. */
  unknown: string[];
  /** Values the profile sets for fields the file has no column for. */
  constants?: RawFields;
  /** The profile's raw-value replacements, per field. */
  values?: RosterProfile['values'];
}

/** The cells of one record under their ProviderRow field names, as read (untrimmed). */
export type RawFields = Partial<Record<RosterField, string>>;

/**
 * Maps a header onto the profile's fields. Two columns for one field are `E_AMBIGUOUS_COLUMN`;
 * missing required columns are `E_MISSING_COLUMN`, listing all of them (both exit 2).
 */
export function mapHeader(
  header: readonly string[],
  profile: RosterProfile,
  file: string,
): ColumnMap {
  const { map, conflicts } = matchHeader(header, profile);
  const [first] = conflicts;
  if (first) {
    const message = `columns '${first.with}' and '${first.column}' both map to ${first.field}`;
    throw usageError('E_AMBIGUOUS_COLUMN', message, { file, line: 1, column: first.index + 1 });
  }
  checkRequired(map, profile, file);
  return map;
}

/** A column whose field an earlier column already took. */
export interface HeaderConflict {
  column: string;
  index: number;
  field: RosterField;
  with: string;
}

/**
 * Matches a header against the profile's aliases without judging it: the first column for a
 * field wins, later ones are conflicts. `mapHeader` and `roster inspect` share it.
 */
export function matchHeader(
  header: readonly string[],
  profile: RosterProfile,
): { map: ColumnMap; conflicts: HeaderConflict[] } {
  const lookup = aliasLookup(profile);
  const map: ColumnMap = { index: {}, header: {}, unknown: [] };
  const conflicts: HeaderConflict[] = [];
  header.forEach((name, i) => {
    const field = lookup.get(foldHeader(name));
    if (!field) return void map.unknown.push(name);
    const taken = map.header[field];
    if (taken !== undefined)
      return void conflicts.push({ column: name, index: i, field, with: taken });
    map.index[field] = i;
    map.header[field] = name;
  });
  if (profile.entityType && map.index.entityType === undefined) {
    map.constants = { entityType: profile.entityType };
  }
  map.values = profile.values;
  return { map, conflicts };
}

/** Required entries no column satisfies, each as "'Alias' or 'Alias'". */
export function missingRequired(map: ColumnMap, profile: RosterProfile): string[] {
  return profile.required
    .filter((anyOf) => !anyOf.some((f) => map.index[f] !== undefined))
    .map((anyOf) => anyOf.map((f) => `'${profile.columns[f]?.[0] ?? f}'`).join(' or '));
}

/** The cells of a record by field; only called for records with the header's field count. */
export function pickFields(values: readonly string[], map: ColumnMap): RawFields {
  const out: RawFields = { ...map.constants };
  for (const [field, i] of Object.entries(map.index) as [RosterField, number][]) {
    out[field] = replaced(values[i], map.values?.[field]);
  }
  return out;
}

/** The profile's replacement for a raw value, matched trimmed; the value itself otherwise. */
function replaced(value: string | undefined, table: ReadonlyMap<string, string> | undefined) {
  if (value === undefined || !table) return value;
  return table.get(value.trim()) ?? value;
}

/** The name a field goes by in messages: the file's header, else the profile's first alias. */
export function fieldLabel(field: RosterField, map: ColumnMap, profile: RosterProfile): string {
  return map.header[field] ?? profile.columns[field]?.[0] ?? field;
}

function aliasLookup(profile: RosterProfile): Map<string, RosterField> {
  const lookup = new Map<string, RosterField>();
  for (const [field, aliases] of Object.entries(profile.columns) as [RosterField, string[]][]) {
    for (const alias of aliases) lookup.set(foldHeader(alias), field);
  }
  return lookup;
}

function checkRequired(map: ColumnMap, profile: RosterProfile, file: string): void {
  const missing = missingRequired(map, profile);
  if (missing.length === 0) return;
  throw usageError('E_MISSING_COLUMN', `missing required columns: ${missing.join('; ')}`, {
    file,
    line: 1,
  });
}
