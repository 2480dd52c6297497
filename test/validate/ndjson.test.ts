import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkExportDir } from '../../src/validate/ndjson.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const org = { resourceType: 'Organization', id: 'o-1', active: true, name: 'Valley' };
const role = {
  resourceType: 'PractitionerRole',
  id: 'r-1',
  organization: { reference: 'Organization/o-1' },
};

/** Writes an export folder; `files` maps name to raw content, counts are taken from `counts`. */
function exportDir(files: Record<string, string>, counts: Record<string, number> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'credkit-ndjson-'));
  dirs.push(dir);
  const output = Object.entries(files).map(([name, text]) => ({
    type: name.split('.')[1],
    url: name,
    count: counts[name] ?? text.split('\n').filter(Boolean).length,
  }));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const manifest = {
    transactionTime: '2026-03-01T04:00:00Z',
    request: 'urn:x/$export',
    requiresAccessToken: false,
    output,
    error: [],
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

const line = (r: object) => `${JSON.stringify(r)}\n`;

describe('export folder checks', () => {
  it('finds nothing wrong in a consistent export, with schema validation on', () => {
    const dir = exportDir({
      '1.Organization.ndjson': line(org),
      '1.PractitionerRole.ndjson': line(role),
    });
    expect(checkExportDir(dir, { schema: true })).toEqual([]);
  });

  it('reads CR LF line ends', () => {
    const dir = exportDir({ '1.Organization.ndjson': `${JSON.stringify(org)}\r\n` });
    expect(checkExportDir(dir)).toEqual([]);
  });

  it('reports a blank line, a line that is not JSON and a wrong type, with line numbers', () => {
    const text = line(org) + '\n' + '{"resourceType":\n' + line({ ...role, id: 'r-2' });
    const dir = exportDir({ '1.Organization.ndjson': text }, { '1.Organization.ndjson': 4 });
    const problems = checkExportDir(dir).map((p) => [p.code, p.line]);
    expect(problems).toEqual([
      ['blank-line', 2],
      ['parse', 3],
      ['type', 4],
    ]);
  });

  it('reports a count that differs from the number of lines, and a missing final line end', () => {
    const dir = exportDir(
      { '1.Organization.ndjson': JSON.stringify(org) },
      { '1.Organization.ndjson': 2 },
    );
    expect(checkExportDir(dir).map((p) => p.code)).toEqual(['final-newline', 'count']);
  });

  it('reports a reference that resolves to no resource in the output', () => {
    const dir = exportDir({ '1.PractitionerRole.ndjson': line(role) });
    expect(checkExportDir(dir)).toEqual([
      {
        file: '1.PractitionerRole.ndjson',
        line: 1,
        code: 'unresolved-reference',
        message: 'reference Organization/o-1 does not resolve within the export',
      },
    ]);
  });

  it('reports schema problems only when asked to', () => {
    const bad = { ...org, active: 'yes' };
    const dir = exportDir({ '1.Organization.ndjson': line(bad) });
    expect(checkExportDir(dir)).toEqual([]);
    const problems = checkExportDir(dir, { schema: true });
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(p).toMatchObject({ code: 'schema', line: 1 });
    expect(problems[0].message).toMatch(/^\.active: /);
  });

  it('reports missing manifest keys, missing listed files and unlisted files', () => {
    const dir = exportDir({ '1.Organization.ndjson': line(org) });
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify({
        output: [{ type: 'Organization', url: 'https://h/x/2.Organization.ndjson', count: 1 }],
      }),
    );
    const codes = checkExportDir(dir).map((p) => `${p.code} ${p.file}`);
    expect(codes).toEqual([
      'manifest-key manifest.json',
      'manifest-key manifest.json',
      'manifest-key manifest.json',
      'manifest-key manifest.json',
      'missing-file 2.Organization.ndjson',
      'unlisted-file 1.Organization.ndjson',
    ]);
  });

  it('reports a deleted resource that is also in output, and a deleted line that is no Bundle', () => {
    const dir = exportDir({ '1.Organization.ndjson': line(org) });
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ request: { method: 'DELETE', url: 'Organization/o-1' } }],
    };
    writeFileSync(join(dir, '1.Organization.deleted.ndjson'), line(bundle) + line(org));
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    manifest.deleted = [{ type: 'Bundle', url: '1.Organization.deleted.ndjson', count: 2 }];
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    const problems = checkExportDir(dir).map((p) => [p.code, p.line]);
    expect(problems).toEqual([
      ['type', 2],
      ['deleted-bundle', 2],
      ['deleted-in-output', 1],
    ]);
  });

  it('reads gzipped files and leaves references of a _since export unresolved', () => {
    const dir = exportDir({});
    writeFileSync(join(dir, '1.PractitionerRole.ndjson.gz'), gzipSync(line(role)));
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    manifest.request = 'urn:x/$export?_type=PractitionerRole&_since=2026-01-01T00:00:00Z';
    manifest.output = [{ type: 'PractitionerRole', url: '1.PractitionerRole.ndjson.gz', count: 1 }];
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    expect(checkExportDir(dir)).toEqual([]);
    expect(checkExportDir(dir, { knownIds: new Set() }).map((p) => p.code)).toEqual([
      'unresolved-reference',
    ]);
  });
});
