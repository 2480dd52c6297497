import { describe, expect, it } from 'vitest';
import { validateFhirResource } from '../../src/validate/fhir-schema.js';

const good = {
  resourceType: 'Practitioner',
  id: 'p-0123456789abcdef',
  meta: { lastUpdated: '2026-03-01T04:00:00.000Z' },
  active: true,
  name: [{ family: 'Rivera', given: ['Ana'] }],
  gender: 'female',
};

describe('FHIR R4 schema validation', () => {
  it('accepts a well-formed Practitioner', () => {
    expect(validateFhirResource(good)).toEqual([]);
  });

  it('reports an element the R4 Practitioner does not have, by name', () => {
    const problems = validateFhirResource({ ...good, birthDay: '1980-01-01' });
    expect(problems).toContainEqual({
      path: '',
      message: 'should NOT have additional properties (birthDay)',
    });
  });

  it('reports a bad id, a code outside its value set and a bad instant, each with its path', () => {
    const problems = validateFhirResource({
      ...good,
      id: 'p_1',
      gender: 'F',
      meta: { lastUpdated: '2026-03-01' },
    });
    expect(problems.map((p) => p.path).sort()).toEqual(['.gender', '.id', '.meta.lastUpdated']);
  });

  it('reports a wrong datatype inside a nested element', () => {
    const problems = validateFhirResource({ ...good, name: [{ family: ['Rivera'] }] });
    expect(problems.map((p) => p.path)).toContain('.name[0].family');
  });

  it('rejects an unknown resourceType without throwing', () => {
    expect(validateFhirResource({ resourceType: 'Doctor' })).toHaveLength(1);
    expect(validateFhirResource(null)).toHaveLength(1);
  });
});
