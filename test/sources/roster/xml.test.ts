import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/errors.js';
import type { OpenedContext } from '../../../src/pipeline/context.js';
import { loadRoster } from '../../../src/pipeline/load-roster.js';
import type { RosterItem } from '../../../src/sources/roster/csv.js';
import { openRoster } from '../../../src/sources/roster/open.js';
import type { ProfileSource } from '../../../src/sources/roster/profiles.js';
import { tempContext } from '../../helpers/workspace.js';
import { rejection, tempFile } from './read-helpers.js';

const fixture = (rel: string) => fileURLToPath(new URL(`../../../${rel}`, import.meta.url));
const PLAN = fixture('test/fixtures/roster/xml/plan-roster.xml');
const PLAN_PROFILE = fixture('profiles/plan-xml.json');

let ctx: OpenedContext | undefined;
afterEach(() => ctx?.close());

async function readXml(path: string, source: ProfileSource = {}) {
  const reader = await openRoster(path, { encoding: 'utf-8', source });
  const items: RosterItem[] = [];
  for await (const item of reader.items) items.push(item);
  return { header: reader.header, items };
}

/** The value of one header path in each record. */
function column(r: { header: string[]; items: RosterItem[] }, path: string): string[] {
  const i = r.header.indexOf(path);
  return r.items.flatMap((it) => (it.kind === 'record' ? [it.values[i]] : []));
}

const xmlFile = (body: string) => tempFile(body, 'roster.xml');

describe('XML roster reader', () => {
  it('reads nested elements and attributes under the record path', async () => {
    const r = await readXml(PLAN, { recordPath: 'Roster/Providers/Provider' });
    expect(column(r, '@_npi')).toEqual(['1234567018', '1234567026', '1234567034']);
    expect(column(r, 'Name/First')).toEqual(['Avery', 'Devon', 'Sam']);
    expect(column(r, 'Taxonomy/@_code')).toEqual(['207Q00000X', '207R00000X', '']);
    expect(column(r, 'License/@_state')).toEqual(['OH', '', 'OH']);
    expect(column(r, 'Address/Zip')).toEqual(['02134', '45402', '43604']);
  });

  it('decodes the predefined entities although entity processing is off', async () => {
    const r = await readXml(PLAN, { recordPath: 'Roster/Providers/Provider' });
    expect(column(r, 'Group')[0]).toBe('Valley & Lake Group');
    expect(column(r, 'Name/Last')[0]).toBe("O'Quill");
  });

  it('gives each record the line its element starts on', async () => {
    const r = await readXml(PLAN, { recordPath: 'Roster/Providers/Provider' });
    const lines = r.items.map((i) => (i.kind === 'blank' ? 0 : i.line));
    expect(lines).toEqual([4, 13, 19]);
  });

  it('finds the repeating element when no record path is given', async () => {
    const r = await readXml(PLAN);
    expect(column(r, '@_npi')).toHaveLength(3);
  });

  it('counts a record with no values as blank', async () => {
    const path = xmlFile('<R><P npi="1234567018"><Last>Ng</Last></P><P></P><P npi="1"/></R>');
    const r = await readXml(path, { recordPath: 'R/P' });
    expect(r.items.map((i) => i.kind)).toEqual(['record', 'blank', 'record']);
  });

  it('refuses a DOCTYPE before parsing, so entity expansion never starts', async () => {
    const laughs = Array.from(
      { length: 10 },
      (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`,
    ).join('\n');
    const dtd = `<!DOCTYPE r [\n<!ENTITY l0 "lol">\n${laughs}\n]>`;
    const body = `<?xml version="1.0"?>\n${dtd}\n<r><p>&l10;</p><p/></r>`;
    const started = Date.now();
    const err = await rejection(readXml(xmlFile(body), { recordPath: 'r/p' }));
    expect(err).toMatchObject({ code: 'E_XML_DOCTYPE', exit: ExitCode.usage });
    expect(err.location).toMatchObject({ file: 'roster.xml', line: 2 });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses an entity declaration even without a DOCTYPE, in any letter case', async () => {
    const entity = await rejection(readXml(xmlFile('<r><!ENTITY x "y"><p>1</p></r>')));
    expect(entity.code).toBe('E_XML_DOCTYPE');
    const lower = await rejection(readXml(xmlFile('<!doctype r><r><p>1</p><p>2</p></r>')));
    expect(lower.code).toBe('E_XML_DOCTYPE');
  });

  it('keeps a __proto__ element or attribute from touching Object.prototype', async () => {
    const body =
      '<R><P __proto__="x" npi="1234567018"><__proto__><polluted>yes</polluted></__proto__>' +
      '<constructor><prototype><polluted>yes</polluted></prototype></constructor></P><P/></R>';
    const r = await readXml(xmlFile(body), { recordPath: 'R/P' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(r.header).toContain('#__proto__/polluted');
    expect(column(r, '@_npi')).toEqual(['1234567018']);
  });

  it('does not follow inherited properties in a record path', async () => {
    const err = await rejection(readXml(xmlFile('<R><P>1</P></R>'), { recordPath: 'R/toString' }));
    expect(err.code).toBe('E_XML_PATH');
  });

  it('refuses a file above the size limit before reading it', async () => {
    const err = await rejection(
      readXml(PLAN, { recordPath: 'Roster/Providers/Provider', maxBytes: 100 }),
    );
    expect(err).toMatchObject({ code: 'E_XML_TOO_LARGE', exit: ExitCode.usage });
  });

  it('refuses XML that is not well formed, citing the line', async () => {
    const err = await rejection(readXml(xmlFile('<R>\n<P><Last>Ng</P>\n</R>')));
    expect(err).toMatchObject({ code: 'E_XML', exit: ExitCode.usage });
    expect(err.location).toMatchObject({ line: 2 });
  });

  it('names the record path when nothing is there', async () => {
    const err = await rejection(readXml(PLAN, { recordPath: 'Roster/Practitioners/Practitioner' }));
    expect(err.code).toBe('E_XML_PATH');
    expect(err.message).toContain('Roster/Practitioners/Practitioner');
  });
});

describe('loadRoster with an XML roster and the plan-xml profile', () => {
  it('maps the profile paths and accounts for every record', async () => {
    ctx = tempContext();
    const r = await loadRoster(ctx, PLAN, { profile: PLAN_PROFILE });
    expect(r.rows).toEqual({ read: 3, loaded: 2, rejected: 1, skipped: 0 });
    expect(r.rows.read).toBe(r.rows.loaded + r.rows.rejected + r.rows.skipped);
    const unknown = r.findings.filter((f) => f.code === 'W_UNKNOWN_COLUMN').map((f) => f.message);
    expect(unknown.join(' ')).toMatch(/'Extra'/);
    expect(r.findings.find((f) => f.severity === 'error')).toMatchObject({
      code: 'E_DATE',
      record: 2,
      line: 13,
      field: 'dob',
    });
    const row = ctx.db
      .prepare(
        `SELECT entity_type, npi, dob, taxonomy, license_state, group_npi, zip, effective_date
         FROM roster_rows WHERE batch_id = ? AND record = 1`,
      )
      .get(r.batchId);
    expect(row).toEqual({
      entity_type: 'individual',
      npi: '1234567018',
      dob: '1972-05-14',
      taxonomy: '207Q00000X',
      license_state: 'OH',
      group_npi: '1234567000',
      zip: '02134',
      effective_date: '2024-01-01',
    });
  });
});
