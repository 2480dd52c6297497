import { isAbsolute, relative, resolve, sep } from 'node:path';

/** Where an entry may be written, or why it may not (reliability.md B26, S5). */
export type EntryTarget = { ok: true; target: string } | { ok: false; reason: string };

/** Unix file-type bits of a zip entry made on Unix (upper 16 bits of external attributes). */
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/**
 * The path an archive entry would be extracted to under `root`, refused when it could land
 * anywhere else. The name is checked as text first (NUL, backslash, drive letters, absolute
 * and `..` segments), then resolved: `path.relative(root, target)` must be non-absolute and not
 * climb out. A string-prefix test is never used, because `out2/x` starts with `out`.
 * `root` must already be a real path (no symlinks), which `extractZip` guarantees.
 */
export function entryTarget(root: string, name: string): EntryTarget {
  const why = unsafeName(name);
  if (why) return { ok: false, reason: why };
  const target = resolve(root, name);
  if (target === root || !isInside(root, target)) {
    return { ok: false, reason: 'resolves outside the folder' };
  }
  return { ok: true, target };
}

/** True when absolute path `p` is `root` or below it. */
export function isInside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return !isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`);
}

function unsafeName(name: string): string | null {
  if (name === '') return 'empty name';
  if (name.includes('\0')) return 'NUL in name';
  if (name.includes('\\')) return 'backslash in name';
  if (/^[A-Za-z]:/.test(name)) return 'drive letter';
  if (name.startsWith('/')) return 'absolute path';
  if (name.split('/').includes('..')) return 'parent-folder segment';
  return null;
}

/** True for an entry that a Unix zip tool stored as a symbolic link. */
export function isSymlinkEntry(externalFileAttributes: number): boolean {
  return ((externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK;
}

/** Folder entries end with a slash. */
export function isDirectoryEntry(name: string): boolean {
  return name.endsWith('/');
}
