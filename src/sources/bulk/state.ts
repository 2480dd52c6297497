import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../store/atomic.js';
import { join } from 'node:path';
import { usageError } from '../../errors.js';
import type { BulkManifest } from './manifest.js';

/** A downloaded file, recorded once it is complete on disk under its final name. */
export interface DoneFile {
  type: string;
  url: string;
  /** Relative to the pull directory. */
  path: string;
  /** Non-blank lines written. */
  count: number;
  kind: 'output' | 'error';
}

/**
 * What a pull has done so far, rewritten atomically after each step so `--resume` continues
 * without a new kick-off and without fetching a completed file again. Holds no token or key.
 */
export interface PullState {
  version: 1;
  pullId: string;
  base: string;
  request: string;
  startedAt: string;
  statusUrl: string | null;
  manifest: BulkManifest | null;
  files: DoneFile[];
  /** Batch ids once the files are loaded; a loaded pull is not resumed. */
  batches: string[] | null;
}

export function pullsDir(root: string): string {
  return join(root, 'pulls');
}

export function statePath(pullDir: string): string {
  return join(pullDir, 'state.json');
}

/** Writes the state under a temp name, fsyncs and renames it, so a crash leaves one whole copy. */
export function saveState(pullDir: string, state: PullState): void {
  mkdirSync(pullDir, { recursive: true, mode: 0o700 });
  const target = statePath(pullDir);
  writeFileAtomic(target, JSON.stringify(state, null, 2) + '\n');
}

export function loadState(pullDir: string): PullState {
  const text = readFileSync(statePath(pullDir), 'utf8');
  const state = JSON.parse(text) as PullState;
  if (state.version !== 1) throw usageError('E_PULL_STATE', `unknown pull state version`);
  return state;
}

/** The newest pull of `base` that was not loaded yet, or undefined. */
export function findResumable(
  root: string,
  base: string,
): { dir: string; state: PullState } | undefined {
  let ids: string[];
  try {
    ids = readdirSync(pullsDir(root)).sort().reverse();
  } catch {
    return undefined;
  }
  for (const id of ids) {
    const dir = join(pullsDir(root), id);
    let state: PullState;
    try {
      state = loadState(dir);
    } catch {
      continue;
    }
    if (state.base === base && state.batches === null) return { dir, state };
  }
  return undefined;
}
