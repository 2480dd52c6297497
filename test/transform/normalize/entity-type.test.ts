import { describe, expect, it } from 'vitest';
import { normalizeEntityType } from '../../../src/transform/normalize/entity-type.js';

describe('normalizeEntityType', () => {
  it('reads the entity type from the usual spellings', () => {
    for (const v of ['I', '1', 'Individual', 'individual']) {
      expect(normalizeEntityType(v).value, v).toBe('individual');
    }
    for (const v of ['O', '2', 'Organization', 'Group']) {
      expect(normalizeEntityType(v).value, v).toBe('organization');
    }
  });

  it('rejects a value it cannot read', () => {
    expect(normalizeEntityType('Robot')).toMatchObject({
      value: null,
      issue: { code: 'E_ENTITY_TYPE', severity: 'error' },
    });
  });
});
