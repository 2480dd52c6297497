import { acquireLock } from '../store/lock.js';
import { openSqlite, type Db } from '../store/sqlite.js';
import type { Workspace } from '../store/workspace.js';
import { RunLog } from '../log.js';

/** What every pipeline stage works with: the workspace, its database and the run log. */
export interface StageContext {
  ws: Workspace;
  db: Db;
  log: RunLog;
}

export interface OpenedContext extends StageContext {
  close(): void;
}

let lastLog: RunLog | undefined;

/**
 * The run log of the context this process opened last, still usable after `close()`: a
 * command's failure is reported after its `finally` has closed the workspace.
 */
export function lastRunLog(): RunLog | undefined {
  return lastLog;
}

/**
 * Opens the workspace for a writing command: takes the lock (exit 4 when held), opens SQLite and
 * starts a run log. `close()` releases everything; call it in `finally`.
 */
export function openContext(ws: Workspace, command: string, runId?: string): OpenedContext {
  const release = acquireLock(ws.lockPath, command);
  try {
    const db = openSqlite(ws.sqlitePath);
    const log = new RunLog(ws.logsDir, runId);
    lastLog = log;
    log.event('info', 'command.start', { command });
    return {
      ws,
      db,
      log,
      close() {
        db.close();
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

/** Opens the workspace for reading only: no lock, so a steward can read during the nightly run. */
export function openReader(ws: Workspace): OpenedContext {
  const db = openSqlite(ws.sqlitePath);
  const log = new RunLog(ws.logsDir);
  lastLog = log;
  return { ws, db, log, close: () => db.close() };
}
