import { describe, expect, it } from 'vitest';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { extractMember, extractZip, listZip } from '../../../src/sources/archive/zip.js';
import { entryTarget, isSymlinkEntry } from '../../../src/sources/archive/safe-path.js';
import { MEMBER_PATTERNS, openMember } from '../../../src/sources/archive/members.js';
import { isCredkitError } from '../../../src/errors.js';
import { writeZip, type ZipSpec } from './make-zip.js';

/** Every file under `dir`, as paths relative to it. */
function walk(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    return d.isDirectory() ? walk(p, base) : [relative(base, p)];
  });
}

function sandbox() {
  const parent = mkdtempSync(join(tmpdir(), 'credkit-zip-'));
  return { parent, root: join(parent, 'out') };
}

/** Names that must never be written, built against the sandbox's own parent folder. */
function hostile(parent: string): ZipSpec[] {
  const names = [
    '../out2/x.csv',
    '../x.csv',
    '../out',
    '../../x.csv',
    `${parent}/abs.csv`,
    `/${parent}/abs2.csv`,
    '/etc/credkit-x',
    '..\\x.csv',
    '..\\..\\x.csv',
    'a\\..\\..\\x.csv',
    'a/../../x.csv',
    'a/b/../../../x.csv',
    './../x.csv',
    'a/./../../out2/y.csv',
    'a/..',
    '..',
    '../',
    'C:/x.csv',
    'C:\\x.csv',
    'c:x.csv',
    '\\\\server\\share\\x.csv',
    'x\u0000.csv',
    '../\u0000x.csv',
    `${'../'.repeat(20)}etc/passwd`,
  ];
  return [
    ...names.map((name) => ({ name, data: 'evil' })),
    { name: 'link', data: '/', mode: 0o120777 },
    { name: 'link2', data: '../out2', mode: 0o120777 },
    { name: 'ok.csv', data: 'first' },
    { name: 'ok.csv', data: 'second' },
  ];
}

/** Odd but harmless names: literal text that stays inside the folder. */
const LITERAL = ['%2e%2e%2fx.csv', '%2e%2e/y.csv', '..%2fz.csv', '....//w.csv', 'link2/inner.csv'];

describe('extractZip', () => {
  it('writes nothing outside the folder for 30 hostile entries and refuses each', async () => {
    const { parent, root } = sandbox();
    const entries = hostile(parent);
    const zip = writeZip(join(parent, 'evil.zip'), [
      ...entries,
      ...LITERAL.map((name) => ({ name, data: 'fine' })),
    ]);
    const before = new Set(readdirSync(parent));
    const result = await extractZip(zip, root);
    expect(entries.length).toBeGreaterThanOrEqual(28);
    expect(result.refused).toHaveLength(entries.length - 1);
    expect(new Set(readdirSync(parent))).toEqual(new Set([...before, 'out']));
    expect(existsSync('/etc/credkit-x')).toBe(false);
    expect(walk(root).sort()).toEqual(
      [
        'ok.csv',
        '%2e%2e%2fx.csv',
        '%2e%2e/y.csv',
        '..%2fz.csv',
        '..../w.csv',
        'link2/inner.csv',
      ].sort(),
    );
    expect(readFileSync(join(root, 'ok.csv'), 'utf8')).toBe('first');
    expect(statSync(join(root, 'link2')).isDirectory()).toBe(true);
  });

  it('names the reason for each refusal without echoing control characters', async () => {
    const { parent, root } = sandbox();
    const zip = writeZip(join(parent, 'r.zip'), [
      { name: '../x', data: '' },
      { name: 'a\u0000b', data: '' },
      { name: 's', data: '/', mode: 0o120777 },
    ]);
    const { refused } = await extractZip(zip, root);
    expect(refused).toEqual([
      { name: '../x', reason: 'parent-folder segment' },
      { name: 'a?b', reason: 'NUL in name' },
      { name: 's', reason: 'symbolic link' },
    ]);
  });

  it('inflates folders and nested files', async () => {
    const { parent, root } = sandbox();
    const big = 'NPI,Name\n'.repeat(5000);
    const zip = writeZip(join(parent, 'n.zip'), [
      { name: 'dir/', mode: 0o040755 },
      { name: 'dir/a.csv', data: big },
    ]);
    const result = await extractZip(zip, root);
    expect(result.written).toEqual(['dir/a.csv']);
    expect(readFileSync(join(root, 'dir/a.csv'), 'utf8')).toBe(big);
  });

  it('refuses a file that is not a zip as a usage error', async () => {
    const { parent } = sandbox();
    const notZip = join(parent, 'x.zip');
    writeFileSync(notZip, 'NPI,Name\n');
    const err = await extractZip(notZip, join(parent, 'o')).catch((e) => e);
    expect(isCredkitError(err) && err.code).toBe('E_ZIP_UNREADABLE');
    expect(isCredkitError(err) && err.exit).toBe(2);
  });

  it('lists an empty archive as no entries', async () => {
    const { parent } = sandbox();
    await expect(listZip(writeZip(join(parent, 'e.zip'), []))).resolves.toEqual([]);
  });
});

describe('entryTarget', () => {
  it('tells a sibling folder with the same prefix from the folder itself', () => {
    expect(entryTarget('/data/out', '../out2/x').ok).toBe(false);
    expect(entryTarget('/data/out', 'out2/x')).toEqual({ ok: true, target: '/data/out/out2/x' });
  });

  it('reads the symlink file type from Unix external attributes', () => {
    expect(isSymlinkEntry((0o120777 << 16) >>> 0)).toBe(true);
    expect(isSymlinkEntry((0o100644 << 16) >>> 0)).toBe(false);
    expect(isSymlinkEntry(0x20)).toBe(false);
  });
});

describe('extractMember', () => {
  const nppesPackage: ZipSpec[] = [
    { name: 'npidata_pfile_20050523-20260810_fileheader.csv', data: 'h' },
    { name: 'npidata_pfile_20050523-20260810.csv', data: 'main' },
    { name: 'othername_pfile_20050523-20260810.csv', data: 'o' },
    { name: 'NPPES_Data_Dissemination_Readme_v.2.pdf', data: 'pdf' },
  ];

  it('picks the npidata file and not its header file', async () => {
    const { parent, root } = sandbox();
    const zip = writeZip(join(parent, 'NPPES_Data_Dissemination_August_2026_V2.zip'), nppesPackage);
    const path = await extractMember(zip, MEMBER_PATTERNS.nppes, root);
    expect(readFileSync(path, 'utf8')).toBe('main');
  });

  it('accepts the upper-case FileHeader spelling as a header file too', () => {
    expect(MEMBER_PATTERNS.nppes.test('npidata_pfile_20050523-20190811_FileHeader.csv')).toBe(
      false,
    );
    expect(MEMBER_PATTERNS.sam.test('SAM_Exclusions_Public_Extract_V2_26306.CSV')).toBe(true);
  });

  it('lists the members when none matches', async () => {
    const { parent, root } = sandbox();
    const zip = writeZip(join(parent, 'x.zip'), [{ name: 'readme.pdf', data: '' }]);
    const err = await extractMember(zip, MEMBER_PATTERNS.sam, root).catch((e) => e);
    expect(err.code).toBe('E_ZIP_MEMBER');
    expect(err.message).toContain('readme.pdf');
  });

  it('removes the extracted member on cleanup', async () => {
    const { parent } = sandbox();
    const zip = writeZip(join(parent, 'p.zip'), nppesPackage);
    const opened = await openMember(zip, MEMBER_PATTERNS.nppes, parent);
    expect(opened.member).toBe('npidata_pfile_20050523-20260810.csv');
    expect(existsSync(opened.path)).toBe(true);
    await opened.cleanup();
    expect(existsSync(opened.path)).toBe(false);
  });
});
