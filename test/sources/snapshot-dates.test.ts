import { describe, expect, it } from 'vitest';
import {
  daysBetween,
  fromJulian,
  fromMdy,
  fromYmd,
  publishedFromName,
} from '../../src/sources/snapshot-dates.js';

describe('snapshot dates', () => {
  it('reads the NPPES publication date from npidata_pfile names', () => {
    expect(publishedFromName('nppes', '/x/npidata_pfile_20050523-20261109.csv')).toBe('2026-11-09');
    expect(publishedFromName('nppes', 'npidata.csv')).toBeNull();
  });

  it('reads the SAM Julian YYDDD suffix, leap years included', () => {
    expect(publishedFromName('sam', 'SAM_Exclusions_Public_Extract_V2_26306.csv')).toBe(
      '2026-11-02',
    );
    expect(fromJulian('20049')).toBe('2020-02-18');
    expect(fromJulian('24366')).toBe('2024-12-31');
    expect(fromJulian('25366')).toBeNull();
  });

  it('finds no date in the LEIE file name', () => {
    expect(publishedFromName('leie', 'UPDATED.csv')).toBeNull();
  });

  it('rejects impossible calendar dates and placeholders', () => {
    expect(fromMdy('02/30/2024')).toBeNull();
    expect(fromMdy('Indefinite')).toBeNull();
    expect(fromYmd('00000000')).toBeNull();
    expect(fromYmd('20240229')).toBe('2024-02-29');
    expect(daysBetween('2026-01-01', '2026-02-05')).toBe(35);
  });
});
