import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROVIDER_FIELDS } from '../../../src/model.js';
import { openFhirRoster, type FhirReaderOptions } from '../../../src/sources/fhir/reader.js';
import type { RosterItem } from '../../../src/sources/roster/csv.js';
import { mapHeader } from '../../../src/sources/roster/mapping.js';
import { openRoster } from '../../../src/sources/roster/open.js';
import { readerOptions } from '../../../src/sources/roster/options.js';
import { GENERIC_PROFILE } from '../../../src/sources/roster/profiles.js';
import { rejection } from '../roster/read-helpers.js';
import { location, ndjson, organization, practitioner, role } from './resources.js';

function dir(files: Record<string, string>): Record<string, string> {
  const root = mkdtempSync(join(tmpdir(), 'credkit-fhir-'));
  const paths: Record<string, string> = {};
  for (const [name, text] of Object.entries(files)) {
    paths[name] = join(root, name);
    writeFileSync(paths[name], text);
  }
  return paths;
}

async function read(path: string, opts?: FhirReaderOptions) {
  const reader = await openFhirRoster(path, opts);
  const items: RosterItem[] = [];
  for await (const item of reader.items) items.push(item);
  return { header: reader.header, items };
}

/** A record's values by field name. */
function fields(item: RosterItem | undefined): Record<string, string> {
  if (item?.kind !== 'record') throw new Error(`expected a record, got ${item?.kind}`);
  return Object.fromEntries(PROVIDER_FIELDS.map((f, i) => [f, item.values[i] ?? '']));
}

describe('openFhirRoster', () => {
  it('skips a blank NDJSON line as blank and keeps the line numbers of later records', async () => {
    const text =
      ndjson(practitioner('p1', '1234567893', 'Lind')) +
      '\n' +
      ndjson(practitioner('p2', '1987654302', 'Okafor')) +
      '{"resourceType": "Pract\n';
    const { items } = await read(dir({ 'Practitioner.ndjson': text })['Practitioner.ndjson']);
    expect(items.map((i) => [i.kind, i.line])).toEqual([
      ['record', 1],
      ['blank', 2],
      ['record', 3],
      ['broken', 4],
    ]);
    expect(items[3]).toMatchObject({ code: 'E_JSON', record: 4 });
    expect(fields(items[2]).npi).toBe('1987654302');
  });

  it('reads CR LF line ends and a leading byte-order mark', async () => {
    const text =
      '\uFEFF' + ndjson(organization('o1', '1234567000', 'Valley Clinic')).replace('\n', '\r\n');
    const { items } = await read(dir({ 'o.ndjson': text })['o.ndjson']);
    expect(fields(items[0])).toMatchObject({ npi: '1234567000', orgName: 'Valley Clinic' });
  });

  it('maps NPI, name, sex, licence and the joined role, organisation and location', async () => {
    const text = ndjson(
      organization('o1', '1234567000', 'Valley Clinic'),
      location('l1'),
      role('r1', 'Practitioner/p1', 'Organization/o1', 'Location/l1'),
      practitioner('p1', '1234567893', 'Lind'),
    );
    const { items } = await read(dir({ 'all.ndjson': text })['all.ndjson']);
    const records = items.filter((i) => i.kind === 'record');
    expect(records.map((r) => r.line)).toEqual([1, 4]);
    expect(fields(records[1])).toMatchObject({
      entityType: 'individual',
      npi: '1234567893',
      lastName: 'Lind',
      firstName: 'Ana',
      middleName: 'Maria',
      sex: 'F',
      credential: 'MD',
      licenseNumber: '00A7731',
      licenseState: 'OH',
      taxonomy: '207Q00000X',
      groupNpi: '1234567000',
      groupName: 'Valley Clinic',
      address1: '12 Oak St',
      address2: 'Suite 4',
      city: 'Columbus',
      zip: '43004',
      phone: '330-555-0199',
      effectiveDate: '2024-01-01',
    });
    expect(fields(records[0])).toMatchObject({ entityType: 'organization', city: 'Akron' });
  });

  it('resolves references into the other files of an export', async () => {
    const paths = dir({
      '1.Practitioner.ndjson': ndjson(practitioner('p1', '1234567893', 'Lind')),
      '2.PractitionerRole.ndjson': ndjson(
        role('r1', 'https://dir.example/fhir/Practitioner/p1', 'Organization/o1/_history/3'),
      ),
      '3.Organization.ndjson': ndjson(organization('o1', '1234567000', 'Valley Clinic')),
    });
    const related = Object.values(paths);
    const alone = await read(paths['1.Practitioner.ndjson']);
    const joined = await read(paths['1.Practitioner.ndjson'], { related });
    expect(fields(alone.items[0]).groupNpi).toBe('');
    expect(fields(joined.items[0])).toMatchObject({
      groupNpi: '1234567000',
      taxonomy: '207Q00000X',
    });
  });

  it('reads a Bundle, citing entry start lines and resolving urn:uuid references', async () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { fullUrl: 'urn:uuid:org-1', resource: organization('o1', '1234567000', 'Valley Clinic') },
        { fullUrl: 'urn:uuid:pr-1', resource: role('r1', 'urn:uuid:p-1', 'urn:uuid:org-1') },
        { fullUrl: 'urn:uuid:p-1', resource: practitioner('p1', '1234567893', 'Lind') },
      ],
    };
    const text = JSON.stringify(bundle, null, 2);
    const { items } = await read(dir({ 'b.json': text })['b.json']);
    const lines = text.split('\n');
    expect(items.map((i) => (i.kind === 'blank' ? 0 : i.record))).toEqual([1, 3]);
    for (const item of items) expect(lines[item.line - 1]).toMatch(/^ {4}\{$/);
    expect(fields(items[1]).groupName).toBe('Valley Clinic');
  });

  it('rejects a Bundle over the size limit and JSON that is not a Bundle', async () => {
    const paths = dir({
      'big.json': JSON.stringify({ resourceType: 'Bundle', entry: [] }) + ' '.repeat(2000),
      'p.json': JSON.stringify(practitioner('p1', '1234567893', 'Lind')),
    });
    const big = await rejection(openFhirRoster(paths['big.json'], { maxBundleBytes: 1000 }));
    expect(big).toMatchObject({ code: 'E_FILE_TOO_LARGE', exit: 2 });
    expect(await rejection(openFhirRoster(paths['p.json']))).toMatchObject({
      code: 'E_FHIR_BUNDLE',
    });
  });

  it('stops at a line over the limit with E_LINE_TOO_LONG and its line number', async () => {
    const text =
      ndjson(practitioner('p1', '1234567893', 'Lind')) +
      JSON.stringify({ x: 'y'.repeat(5000) }) +
      '\n';
    const path = dir({ 'p.ndjson': text })['p.ndjson'];
    const err = await rejection(read(path, { maxLineBytes: 4096 }));
    expect(err).toMatchObject({ code: 'E_LINE_TOO_LONG', location: { file: 'p.ndjson', line: 2 } });
  });

  it('reports a file without Practitioner or Organization resources as E_EMPTY', async () => {
    const path = dir({ 'r.ndjson': ndjson(role('r1', 'Practitioner/p1', 'Organization/o1')) })[
      'r.ndjson'
    ];
    expect(await rejection(read(path))).toMatchObject({ code: 'E_EMPTY', exit: 2 });
  });

  it('opens .ndjson files, with a header the roster profile maps whole', async () => {
    const path = dir({ 'o.ndjson': ndjson(organization('o1', '1234567000', 'Valley')) })[
      'o.ndjson'
    ];
    const reader = await openRoster(path, readerOptions());
    reader.close();
    const map = mapHeader(reader.header, GENERIC_PROFILE, reader.file);
    expect(map.unknown).toEqual([]);
    expect(Object.keys(map.index).sort()).toEqual([...PROVIDER_FIELDS].sort());
  });
});
