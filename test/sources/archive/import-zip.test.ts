import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importSource } from '../../../src/pipeline/import-source.js';
import type { OpenedContext } from '../../../src/pipeline/context.js';
import { tempContext } from '../../helpers/workspace.js';
import { buildZip } from './make-zip.js';

const DEMO = join(import.meta.dirname, '../../../fixtures/demo');
const SAM = 'SAM_Exclusions_Public_Extract_V2_26306.csv';
const NPPES = 'npidata_pfile_20050523-20261109.csv';

let ctx: OpenedContext;
afterEach(() => ctx?.close());

function zip(name: string, members: [string, string][]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'credkit-zipimp-')), name);
  writeFileSync(path, buildZip(members.map(([n, f]) => ({ name: n, data: readFileSync(f) }))));
  return path;
}

describe('importSource with a zip', () => {
  it('imports the SAM extract member by the zip name and leaves no temp files', async () => {
    ctx = tempContext();
    const plain = await importSource(ctx, 'sam', join(DEMO, SAM));
    const file = zip('SAM_Exclusions_Public_Extract_V2_26310.ZIP', [[SAM, join(DEMO, SAM)]]);
    const r = await importSource(ctx, 'sam', file);
    expect(r).toMatchObject({ file, unchanged: true, rows: plain.rows });
    expect(readdirSync(ctx.ws.tmpDir).filter((n) => n.startsWith('unzip-'))).toEqual([]);
  });

  it('imports the npidata member of an NPPES monthly package', async () => {
    ctx = tempContext();
    const file = zip('NPPES_Data_Dissemination_November_2026_V2.zip', [
      ['npidata_pfile_20050523-20261109_fileheader.csv', join(DEMO, NPPES)],
      [NPPES, join(DEMO, NPPES)],
    ]);
    const r = await importSource(ctx, 'nppes', file);
    expect(r).toMatchObject({ source: 'nppes', published: '2026-11-09', unchanged: false });
    expect(r.rows).toBeGreaterThan(0);
  });
});
