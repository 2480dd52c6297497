import { createWriteStream } from 'node:fs';
import { mkdir, realpath } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { CredkitError, ExitCode } from '../../errors.js';
import { entryTarget, isDirectoryEntry, isInside, isSymlinkEntry } from './safe-path.js';

export interface ZipEntryInfo {
  /** The stored name, undecoded backslashes kept (so they can be refused). */
  name: string;
  size: number;
  symlink: boolean;
}

export interface RefusedEntry {
  /** The name with control characters shown as `?`. */
  name: string;
  reason: string;
}

export interface ExtractResult {
  /** Real path of the folder everything was written under. */
  root: string;
  /** Entry names written, relative to `root`. */
  written: string[];
  refused: RefusedEntry[];
}

export interface ExtractOptions {
  /** Extracts only entries this accepts (others are neither written nor refused). */
  filter?: (name: string) => boolean;
}

/** Lists a zip's entries from its central directory without inflating anything. */
export async function listZip(file: string): Promise<ZipEntryInfo[]> {
  const zip = await openZip(file);
  const out: ZipEntryInfo[] = [];
  try {
    for await (const entry of zip.eachEntry()) out.push(info(entry));
  } catch (err) {
    throw zipError(file, err);
  } finally {
    zip.close();
  }
  return out;
}

/**
 * Extracts a zip under `root`, streaming each entry (an NPPES monthly member is 11 GB).
 * Entries that could write outside `root` (absolute, `..`, backslash, NUL, drive letters),
 * symbolic links and duplicates are refused and listed, never written; files are created
 * exclusively (`wx`), so nothing already on disk, a planted symlink included, is followed.
 */
export async function extractZip(
  file: string,
  root: string,
  opts: ExtractOptions = {},
): Promise<ExtractResult> {
  await mkdir(root, { recursive: true, mode: 0o700 });
  const realRoot = await realpath(root);
  const zip = await openZip(file);
  const result: ExtractResult = { root: realRoot, written: [], refused: [] };
  try {
    for await (const entry of zip.eachEntry()) {
      const e = info(entry);
      if (opts.filter && !opts.filter(e.name)) continue;
      const why = await writeEntry(zip, entry, e, realRoot);
      if (why) result.refused.push({ name: shown(e.name), reason: why });
      else if (!isDirectoryEntry(e.name)) result.written.push(e.name);
    }
  } catch (err) {
    throw zipError(file, err);
  } finally {
    zip.close();
  }
  return result;
}

/** Writes one entry; returns why it was refused, or null. */
async function writeEntry(
  zip: ZipFile,
  entry: Entry,
  e: ZipEntryInfo,
  root: string,
): Promise<string | null> {
  if (e.symlink) return 'symbolic link';
  const where = entryTarget(root, e.name);
  if (!where.ok) return where.reason;
  if (isDirectoryEntry(e.name)) {
    await mkdir(where.target, { recursive: true, mode: 0o700 });
    return null;
  }
  await mkdir(dirname(where.target), { recursive: true, mode: 0o700 });
  // The parent resolved through the real file system must still sit under the root.
  if (!isInside(root, await realpath(dirname(where.target)))) {
    return 'parent folder resolves outside the folder';
  }
  const out = createWriteStream(where.target, { flags: 'wx', mode: 0o600 });
  const opened = await new Promise<NodeJS.ErrnoException | null>((res) => {
    out.once('open', () => res(null));
    out.once('error', (err) => res(err));
  });
  if (opened) return opened.code === 'EEXIST' ? 'duplicate or existing name' : opened.message;
  await pipeline(await zip.openReadStreamPromise(entry), out);
  return null;
}

/**
 * Extracts the one entry whose base name matches `pattern` into `dir` (flattened to its base
 * name) and returns its path. None or several matching is a usage error naming the members.
 */
export async function extractMember(file: string, pattern: RegExp, dir: string): Promise<string> {
  const entries = await listZip(file);
  const matches = entries.filter((e) => !e.symlink && pattern.test(basename(e.name)));
  if (matches.length !== 1) {
    const names = entries.map((e) => shown(e.name)).join(', ') || '(empty archive)';
    const what = matches.length === 0 ? 'no member matches' : 'several members match';
    throw new CredkitError('E_ZIP_MEMBER', `${what} ${pattern.source}; members: ${names}`, {
      file: basename(file),
      exit: ExitCode.usage,
    });
  }
  const wanted = matches[0].name;
  const result = await extractZip(file, dir, { filter: (n) => n === wanted });
  if (result.written.length !== 1) {
    const why = result.refused[0]?.reason ?? 'not written';
    throw new CredkitError('E_ZIP_ENTRY', `member ${shown(wanted)} refused: ${why}`, {
      file: basename(file),
      exit: ExitCode.usage,
    });
  }
  return `${result.root}/${wanted}`;
}

async function openZip(file: string): Promise<ZipFile> {
  try {
    // decodeStrings off: yauzl would abort the whole archive on the first unsafe name; names
    // are decoded here and each unsafe one is refused on its own.
    return await yauzl.openPromise(file, { decodeStrings: false, validateEntrySizes: true });
  } catch (err) {
    throw zipError(file, err);
  }
}

function info(entry: Entry): ZipEntryInfo {
  const raw = entry.fileName as unknown as Buffer;
  const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, true);
  return {
    name,
    size: entry.uncompressedSize,
    symlink: isSymlinkEntry(entry.externalFileAttributes),
  };
}

function shown(name: string): string {
  return [...name].map((c) => (c.charCodeAt(0) < 0x20 ? '?' : c)).join('');
}

function zipError(file: string, err: unknown): unknown {
  if (err instanceof CredkitError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  const why = code ?? (err as Error).message;
  return new CredkitError('E_ZIP_UNREADABLE', `cannot read zip archive (${why})`, {
    file: basename(file),
    exit: ExitCode.usage,
    cause: err,
  });
}
