import { describe, expect, it } from 'vitest';
import { assignIds, type ExistingMaster } from '../../../src/transform/dedupe/ids.js';
import { masterIdFor } from '../../../src/transform/dedupe/keys.js';

const old = (id: string, rowIds: number[], createdAt = '2026-01-01'): ExistingMaster => ({
  id,
  kind: 'practitioner',
  key: `k-${id}`,
  createdAt,
  rowIds,
});
const req = (rowIds: number[], keys = [`npi:${rowIds[0]}`]) => ({
  kind: 'practitioner' as const,
  keys,
  rowIds,
});

describe('stable master ids', () => {
  it('keeps the id of the master holding most of a grown cluster', () => {
    const { assignments, retired } = assignIds([req([1, 2, 3])], [old('p-a', [1, 2])]);
    expect(assignments[0]).toMatchObject({ id: 'p-a', kept: true });
    expect(retired).toEqual([]);
  });

  it('gives the larger part of a split the old id and the other a split-from id', () => {
    const { assignments } = assignIds([req([3]), req([1, 2])], [old('p-a', [1, 2, 3])]);
    expect(assignments[1]).toMatchObject({ id: 'p-a', kept: true });
    expect(assignments[0]).toMatchObject({ kept: false, splitFrom: 'p-a' });
  });

  it('retires the smaller master of a merge into the kept one; ties go to the oldest', () => {
    const existing = [old('p-b', [2], '2026-02-01'), old('p-a', [1], '2026-01-01')];
    const { assignments, retired } = assignIds([req([1, 2])], existing);
    expect(assignments[0].id).toBe('p-a');
    expect(retired).toEqual([{ id: 'p-b', into: 'p-a', rowIds: [2] }]);
  });

  it('derives a new id from the lowest key, skipping keys already in use', () => {
    const { assignments } = assignIds([req([5], ['k-p-a', 'npi:9'])], [old('p-a', [1])]);
    expect(assignments[0]).toMatchObject({ id: masterIdFor('practitioner', 'npi:9') });
  });
});
