import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { extractMember } from './zip.js';

/**
 * The member a source zip is imported from, by base name. NPPES packages also hold
 * `othername_`, `pl_`, `endpoint_` files, readme PDFs and a `_fileheader.csv` / `_FileHeader.csv`
 * per file (case varies by year), which the negative look-ahead leaves out.
 */
export const MEMBER_PATTERNS = {
  nppes: /^npidata_pfile_(?!.*_fileheader)[^/]*\.csv$/i,
  sam: /^SAM_Exclusions_Public(_V\d)?_Extract[^/]*\.csv$/i,
  nppesDeactivations: /\.xlsx$/i,
} as const;

export function isZip(file: string): boolean {
  return /\.zip$/i.test(file);
}

/** A file to read, and how to remove what was extracted for it. */
export interface OpenedMember {
  path: string;
  /** Base name of the member inside the zip, or null for a plain file. */
  member: string | null;
  cleanup(): Promise<void>;
}

/**
 * The file to read: `file` itself, or the member of a zip matching `pattern`, extracted into a
 * fresh folder under `tmpDir` (the CSV readers take a path; `cleanup` removes the folder).
 */
export async function openMember(
  file: string,
  pattern: RegExp,
  tmpDir: string,
): Promise<OpenedMember> {
  if (!isZip(file)) return { path: file, member: null, cleanup: async () => undefined };
  const dir = await mkdtemp(join(tmpDir, 'unzip-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const path = await extractMember(file, pattern, dir);
    return { path, member: path.slice(path.lastIndexOf('/') + 1), cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
