import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoConfig, loadConfig } from '../src/config.js';
import { CredkitError } from '../src/errors.js';

function configFile(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'credkit-cfg-'));
  const path = join(dir, 'credkit.config.json');
  writeFileSync(path, content);
  return path;
}

describe('loadConfig', () => {
  it('resolves roster and source paths relative to the config file and applies defaults', () => {
    const path = configFile('{"rosters": ["a.csv"], "sources": {"leie": "in/UPDATED.csv"}}');
    const config = loadConfig(path);
    expect(config.rosters).toEqual([join(path, '..', 'a.csv')]);
    expect(config.sources.leie).toBe(join(path, '..', 'in', 'UPDATED.csv'));
    expect(config.maxRejectRate).toBe(1);
    expect(config.maxSnapshotAgeDays).toBe(35);
  });

  it('rejects a config that is not JSON, with exit 2 and the file named', () => {
    const path = configFile('{rosters: ');
    const err = (() => {
      try {
        loadConfig(path);
      } catch (e) {
        return e as CredkitError;
      }
    })();
    expect(err).toBeInstanceOf(CredkitError);
    expect(err?.code).toBe('E_CONFIG');
    expect(err?.exit).toBe(2);
    expect(err?.toLine()).toContain(path);
  });

  it('rejects an unknown source name and a missing rosters list', () => {
    expect(() => loadConfig(configFile('{"rosters": [], "sources": {"pecos": "x"}}'))).toThrow(
      /sources.pecos/,
    );
    expect(() => loadConfig(configFile('{"sources": {}}'))).toThrow(/rosters/);
  });
});

describe('loadConfig sources', () => {
  it('takes a publication date for a source file whose name carries none', () => {
    const path = configFile(
      '{"rosters": [], "sources": {"leie": {"file": "UPDATED.csv", "published": "2026-11-09"}}}',
    );
    const config = loadConfig(path);
    expect(config.sources.leie).toBe(join(path, '..', 'UPDATED.csv'));
    expect(config.published?.leie).toBe('2026-11-09');
    const bad = configFile(
      '{"rosters": [], "sources": {"leie": {"file": "U.csv", "published": "11/09/2026"}}}',
    );
    expect(() => loadConfig(bad)).toThrow(/sources.leie/);
  });
});

describe('loadConfig settings', () => {
  it('reports every bad setting and unknown key at once, never falling back to a default', () => {
    const path = configFile(
      '{"rosters": [], "maxSnapshotAgeDays": null, "maxRejectRate": "high", "dedup": {}}',
    );
    expect(() => loadConfig(path)).toThrow(
      /unknown key "dedup".*"maxRejectRate" must be a number.*"maxSnapshotAgeDays" must be/,
    );
  });
});

describe('demoConfig', () => {
  it('points at bundled files that exist', () => {
    const config = demoConfig();
    for (const file of [...config.rosters, ...Object.values(config.sources)]) {
      expect(existsSync(file!), file).toBe(true);
    }
  });
});
