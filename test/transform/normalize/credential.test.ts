import { describe, expect, it } from 'vitest';
import {
  mergeCredentials,
  normalizeCredentialText,
  splitDesignations,
} from '../../../src/transform/normalize/credential.js';

describe('credentials and name suffixes', () => {
  it('writes every spelling of a credential the same way', () => {
    const spellings = ['M.D.', 'MD', 'M. D.', 'md', ' m.d '];
    expect(spellings.map(normalizeCredentialText)).toEqual(['MD', 'MD', 'MD', 'MD', 'MD']);
    expect(normalizeCredentialText('md/Ph.D.')).toBe('MD, PHD');
    expect(normalizeCredentialText('PA-C')).toBe('PA-C');
    expect(normalizeCredentialText(' , ')).toBeNull();
  });

  it('merges credentials without repeats', () => {
    expect(mergeCredentials('MD', 'M.D.', 'PHD')).toBe('MD, PHD');
    expect(mergeCredentials(null)).toBeNull();
  });

  it('takes credentials and suffixes off the end of a name', () => {
    expect(splitDesignations('SMITH MD')).toEqual({
      name: 'SMITH',
      credentials: ['MD'],
      suffix: null,
    });
    expect(splitDesignations('John Smith, Jr.')).toEqual({
      name: 'John Smith',
      credentials: [],
      suffix: 'JR',
    });
    expect(splitDesignations('Smith III, M.D., PhD').credentials).toEqual(['MD', 'PHD']);
    expect(splitDesignations('Smith III, M.D., PhD').suffix).toBe('III');
  });

  it('leaves names that only look like credentials', () => {
    expect(splitDesignations('Nguyen Do').name).toBe('Nguyen Do');
    expect(splitDesignations('MD').name).toBe('MD');
    expect(splitDesignations('Anna Pa').name).toBe('Anna Pa');
    expect(splitDesignations('Anna, PA').credentials).toEqual(['PA']);
  });
});
