import { openSync, writeSync, closeSync, readFileSync, unlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { CredkitError, ExitCode } from '../errors.js';

interface LockInfo {
  pid: number;
  host: string;
  started: string;
  command: string;
}

/**
 * Takes the workspace lock so that two runs (cron and a steward, say) never write at once.
 * The lock file holds pid, host and start time; a lock left by a dead process on this host
 * is taken over. Returns the release function.
 */
export function acquireLock(path: string, command: string): () => void {
  const info: LockInfo = { pid: process.pid, host: hostname(), started: now(), command };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, JSON.stringify(info));
      closeSync(fd);
      return () => release(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(path);
      if (holder && isAlive(holder)) throw lockedError(holder);
      unlinkSafe(path);
    }
  }
  throw lockedError(readHolder(path));
}

function lockedError(holder: LockInfo | null): CredkitError {
  const who = holder
    ? `pid ${holder.pid}, host ${holder.host}, started ${holder.started}, ${holder.command}`
    : 'unknown holder';
  return new CredkitError('E_LOCKED', `run in progress (${who})`, { exit: ExitCode.locked });
}

function readHolder(path: string): LockInfo | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
  } catch {
    return null;
  }
}

/** A lock from another host cannot be checked, so it is treated as alive. */
function isAlive(holder: LockInfo): boolean {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function release(path: string): void {
  const holder = readHolder(path);
  if (holder && holder.pid === process.pid) unlinkSafe(path);
}

function unlinkSafe(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone: another process cleaned it up
  }
}

function now(): string {
  return new Date().toISOString();
}
