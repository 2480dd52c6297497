import Database from 'better-sqlite3';
import { MIGRATIONS } from './schema.js';
import { CredkitError, ExitCode } from '../errors.js';

export type Db = Database.Database;

/**
 * Opens the workspace database with the settings reliability.md asks for: WAL so a steward can
 * read while the nightly job writes, a busy timeout instead of SQLITE_BUSY failures, and
 * foreign keys enforced.
 */
export function openSqlite(path: string): Db {
  refuseNetworkPath(path);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 10000');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

/** SQLite's locking is unreliable on NFS/SMB; refuse the common mount points of those. */
function refuseNetworkPath(path: string): void {
  if (/^(\\\\|\/\/)/.test(path)) {
    throw new CredkitError('E_NETWORK_FS', `workspace database on a network share: ${path}`, {
      exit: ExitCode.usage,
    });
  }
}
