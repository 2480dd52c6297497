import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../bin/credkit');
const dir = mkdtempSync(join(tmpdir(), 'credkit-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const org = {
  resourceType: 'Organization',
  id: 'o-1',
  meta: {
    profile: [
      'http://hl7.org/fhir/us/davinci-pdex-plan-net/StructureDefinition/plannet-Organization',
    ],
  },
  active: true,
  type: [
    {
      coding: [
        {
          system: 'http://hl7.org/fhir/us/davinci-pdex-plan-net/CodeSystem/OrgTypeCS',
          code: 'prvgrp',
        },
      ],
    },
  ],
  name: 'Valley',
  address: [{ city: 'Akron', state: 'OH' }],
};

function writeExport(name: string, resources: object[]): string {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  writeFileSync(
    join(d, '1.Organization.ndjson'),
    resources.map((r) => `${JSON.stringify(r)}\n`).join(''),
  );
  const manifest = {
    transactionTime: '2026-03-01T04:00:00Z',
    request: 'urn:x/$export?_type=Organization',
    requiresAccessToken: false,
    output: [{ type: 'Organization', url: '1.Organization.ndjson', count: resources.length }],
    deleted: [],
    error: [],
  };
  writeFileSync(join(d, 'manifest.json'), JSON.stringify(manifest));
  return d;
}

function validate(...args: string[]) {
  const r = spawnSync(BIN, ['validate', ...args, '--json'], { encoding: 'utf8' });
  return { status: r.status, json: JSON.parse(r.stdout) };
}

describe('credkit validate', () => {
  it('exits 0 with valid true on a valid export folder', () => {
    const r = validate(writeExport('good', [org]));
    expect(r.status).toBe(0);
    expect(r.json).toMatchObject({ files: 1, resources: 1, problems: [], valid: true });
  });

  it('exits 3 and lists each problem with file, line, type, id and rule', () => {
    const r = validate(
      writeExport('bad', [{ ...org, address: undefined, birthDate: '1980-01-01' }]),
    );
    expect(r.status).toBe(3);
    expect(r.json.valid).toBe(false);
    const rules = r.json.problems.map((p: { rule: string }) => p.rule);
    expect(rules).toContain('plannet-address');
    expect(rules).toContain('no-pii');
    expect(r.json.problems[0]).toMatchObject({
      file: '1.Organization.ndjson',
      line: 1,
      resourceType: 'Organization',
      id: 'o-1',
    });
  });

  it('checks a single NDJSON file for one resourceType throughout', () => {
    const file = join(dir, 'mixed.ndjson');
    writeFileSync(
      file,
      `${JSON.stringify(org)}\n${JSON.stringify({ resourceType: 'Device', id: 'd' })}\n`,
    );
    const r = validate(file);
    expect(r.status).toBe(3);
    expect(r.json.problems).toEqual([
      expect.objectContaining({ line: 2, rule: 'type', resourceType: 'Device' }),
    ]);
  });

  it('exits 2 for a path that does not exist', () => {
    const r = spawnSync(BIN, ['validate', join(dir, 'nothing'), '--json'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout).error.code).toBe('E_NO_PATH');
    expect(readFileSync(join(dir, 'good', 'manifest.json'), 'utf8')).toContain('Organization');
  });
});
