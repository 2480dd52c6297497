import { describe, expect, it } from 'vitest';
import { normalizePhone } from '../../../src/transform/normalize/phone.js';

describe('normalizePhone', () => {
  it('reduces US numbers to 10 digits whatever the punctuation', () => {
    for (const v of ['(614) 555-0100', '614.555.0100', '614-555-0100', '+1 614 555 0100']) {
      expect(normalizePhone(v), v).toEqual({ value: '6145550100' });
    }
  });

  it('drops an extension', () => {
    expect(normalizePhone('614-555-0100 ext. 12').value).toBe('6145550100');
    expect(normalizePhone('614-555-0100x9').value).toBe('6145550100');
  });

  it('warns and drops numbers that are not 10 digits', () => {
    for (const v of ['555-0100', '2614555010099', 'none']) {
      expect(normalizePhone(v), v).toMatchObject({ value: null, issue: { code: 'W_PHONE' } });
    }
  });
});
