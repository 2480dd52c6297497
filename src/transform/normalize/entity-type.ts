import type { EntityKind } from '../../model.js';
import { fail, ok, type Normalized } from './result.js';

/** NPPES uses 1 and 2 for the entity type; rosters spell it many ways. */
const KINDS: Record<string, EntityKind> = {
  i: 'individual',
  '1': 'individual',
  individual: 'individual',
  person: 'individual',
  practitioner: 'individual',
  o: 'organization',
  '2': 'organization',
  organization: 'organization',
  organisation: 'organization',
  group: 'organization',
  facility: 'organization',
};

/** Entity type to `individual` or `organization`; an unknown value is the error `E_ENTITY_TYPE`. */
export function normalizeEntityType(value: string | null): Normalized<EntityKind> {
  if (value === null) return ok(null);
  const kind = KINDS[value.toLowerCase()];
  if (kind) return ok(kind);
  return fail('E_ENTITY_TYPE', 'Entity Type is not Individual or Organization (I/O, 1/2)');
}
