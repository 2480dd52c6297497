import { describe, expect, it } from 'vitest';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '../../src/store/sqlite.js';
import { MIGRATIONS } from '../../src/store/schema.js';

describe('openSqlite', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'credkit-db-')), 'credkit.sqlite');

  it('sets WAL, NORMAL sync, a busy timeout and foreign keys', () => {
    const db = openSqlite(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(5000);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('runs every migration once and records the schema version', () => {
    const db = openSqlite(path);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
    const again = openSqlite(path);
    expect(again.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(again.pragma('integrity_check', { simple: true })).toBe('ok');
    again.close();
    expect(statSync(path).isFile()).toBe(true);
  });

  it('refuses a database path on a network share', () => {
    expect(() => openSqlite('//fileserver/share/credkit.sqlite')).toThrow(/network share/);
  });
});
