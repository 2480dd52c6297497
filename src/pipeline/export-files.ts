import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One NDJSON file of an export, as it will be listed in the manifest. */
export interface OutFile {
  kind: 'output' | 'deleted' | 'error';
  /** Manifest item type: the resource type, `Bundle` or `OperationOutcome`. */
  type: string;
  name: string;
  lines: string[];
}

/**
 * `<n>.<Type>.ndjson` (or `<n>.<Type>.deleted.ndjson`) with n from 1 per type and kind; a
 * `.gz` suffix when gzipped. A type with no resources gets no file.
 */
export function splitFiles(
  kind: OutFile['kind'],
  nameType: string,
  resources: readonly object[],
  max: number,
  gzip: boolean,
): OutFile[] {
  const type = kind === 'deleted' ? 'Bundle' : nameType;
  const suffix = `${kind === 'deleted' ? '.deleted' : ''}.ndjson${gzip ? '.gz' : ''}`;
  const files: OutFile[] = [];
  for (let i = 0; i < resources.length; i += max) {
    const lines = resources.slice(i, i + max).map((r) => JSON.stringify(r));
    files.push({ kind, type, name: `${files.length + 1}.${nameType}${suffix}`, lines });
  }
  return files;
}

export interface ManifestInput {
  transactionTime: string;
  /** Where files are served; undefined: bare file names and a `urn:credkit:export` request. */
  baseUrl: string | undefined;
  defaultBase: string;
  types: readonly string[];
  since: string | null;
  files: readonly OutFile[];
}

/** The Bulk Data STU2 manifest; `deleted` and `error` are always present. */
export function buildManifest(m: ManifestInput) {
  const base = m.baseUrl ?? m.defaultBase;
  const since = m.since ? `&_since=${m.since}` : '';
  const items = (kind: OutFile['kind']) =>
    m.files
      .filter((f) => f.kind === kind)
      .map((f) => ({
        type: f.type,
        url: m.baseUrl ? `${m.baseUrl}/${f.name}` : f.name,
        count: f.lines.length,
      }));
  return {
    transactionTime: m.transactionTime,
    request: `${base}/$export?_type=${m.types.join(',')}${since}`,
    requiresAccessToken: false,
    output: items('output'),
    deleted: items('deleted'),
    error: items('error'),
  };
}

/**
 * Writes the files to a temporary folder next to the target, fsyncs them, manifest last, runs
 * `check` on the folder, then renames it into place: a consumer never sees a half-written
 * export. On any failure the temporary folder is removed and the error rethrown.
 */
export function publish(
  parent: string,
  exportId: string,
  files: readonly OutFile[],
  manifest: object,
  check: (dir: string) => void,
): string {
  const tmp = join(parent, `.tmp-${exportId}-${process.pid}`);
  const final = join(parent, exportId);
  mkdirSync(tmp, { mode: 0o700 });
  try {
    for (const f of files) {
      const text = f.lines.map((l) => `${l}\n`).join('');
      writeDurably(join(tmp, f.name), f.name.endsWith('.gz') ? gzipSync(text) : text);
    }
    writeDurably(join(tmp, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    check(tmp);
    fsyncPath(tmp);
    renameSync(tmp, final);
    fsyncPath(parent);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return final;
}

function writeDurably(path: string, content: string | Uint8Array): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    if (typeof content === 'string') writeSync(fd, content);
    else writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncPath(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
