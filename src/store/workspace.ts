import { mkdirSync, realpathSync, statSync } from 'node:fs';
import { usageError } from '../errors.js';
import { join, resolve } from 'node:path';

/** Paths inside one credkit workspace (design.md "The workspace"). */
export interface Workspace {
  root: string;
  sqlitePath: string;
  duckdbPath: string;
  exportsDir: string;
  reportsDir: string;
  logsDir: string;
  tmpDir: string;
  lockPath: string;
}

export const DEFAULT_WORKSPACE = './credkit-data';

/** Resolves the workspace from a flag, then `CREDKIT_WORKSPACE`, then the default. */
export function resolveWorkspaceDir(flag?: string): string {
  return resolve(flag ?? process.env.CREDKIT_WORKSPACE ?? DEFAULT_WORKSPACE);
}

export function workspacePaths(dir: string): Workspace {
  const root = resolve(dir);
  return {
    root,
    sqlitePath: join(root, 'credkit.sqlite'),
    duckdbPath: join(root, 'reference.duckdb'),
    exportsDir: join(root, 'exports'),
    reportsDir: join(root, 'reports'),
    logsDir: join(root, 'logs'),
    tmpDir: join(root, 'tmp'),
    lockPath: join(root, 'credkit.lock'),
  };
}

/** Creates the workspace folders, private to the user (they hold DOBs and licence numbers). */
export function ensureWorkspace(dir: string): Workspace {
  const ws = workspacePaths(dir);
  refuseNonDirectory(ws.root);
  for (const d of [ws.root, ws.exportsDir, ws.reportsDir, ws.logsDir, ws.tmpDir]) {
    mkdirSync(d, { recursive: true, mode: 0o700 });
  }
  return { ...ws, root: realpathSync(ws.root) };
}

function refuseNonDirectory(root: string): void {
  let isDir: boolean;
  try {
    isDir = statSync(root).isDirectory();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    throw usageError('E_WORKSPACE', `workspace cannot be used (${code}): ${root}`);
  }
  if (!isDir) throw usageError('E_WORKSPACE', `workspace is not a directory: ${root}`);
}
