import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import PQueue from 'p-queue';
import { request } from 'undici';
import { CredkitError, ExitCode } from '../../errors.js';
import { readTextCapped } from '../http/read-body.js';
import { isTransientNetworkError } from '../http/retry.js';
import { RetryBudget, type BulkHttp } from './client.js';
import type { BulkManifest } from './manifest.js';
import type { DoneFile } from './state.js';

/** A manifest file and where it goes, relative to the pull directory. */
export type PlannedFile = Omit<DoneFile, 'count'>;

/**
 * Local names `files/{n}.{Type}.ndjson` (errors `files/error.{n}.ndjson`) by manifest position,
 * so a resumed pull finds the same names. Types are reduced to letters: a manifest never
 * chooses a path (reliability.md S5).
 */
export function planFiles(m: BulkManifest): PlannedFile[] {
  const safe = (type: string) => type.replace(/[^A-Za-z]/g, '') || 'Resource';
  return [
    ...m.output.map((o, i) => ({
      type: o.type,
      url: o.url,
      kind: 'output' as const,
      path: join('files', `${i + 1}.${safe(o.type)}.ndjson`),
    })),
    ...m.error.map((e, i) => ({
      type: e.type,
      url: e.url,
      kind: 'error' as const,
      path: join('files', `error.${i + 1}.ndjson`),
    })),
  ];
}

export interface DownloadOptions {
  /** The pull directory. */
  dir: string;
  /** @default 4 */
  concurrency?: number;
  /** Whether a file URL gets the bearer token (`requiresAccessToken`). */
  withToken: (url: string) => boolean;
  /** Called as each file completes, to record it in the pull state. */
  onDone: (file: DoneFile) => void;
}

/**
 * Downloads the files in parallel, each streamed to a temp name, fsynced and renamed. Every
 * file is attempted; the failures are returned (an expired file is `E_BULK_EXPIRED`), so the
 * completed ones are recorded and a re-run fetches only the rest.
 */
export async function downloadFiles(
  http: BulkHttp,
  files: PlannedFile[],
  opts: DownloadOptions,
): Promise<CredkitError[]> {
  const queue = new PQueue({ concurrency: Math.max(1, opts.concurrency ?? 4) });
  const failures: CredkitError[] = [];
  await mkdir(join(opts.dir, 'files'), { recursive: true, mode: 0o700 });
  await queue.addAll(
    files.map((f) => async () => {
      try {
        opts.onDone(await fetchFile(http, f, opts.dir, opts.withToken(f.url)));
      } catch (err) {
        if (!(err instanceof CredkitError)) throw err;
        // Retries spent on one file leave the export usable: the file is what is missing.
        const spent = err.code === 'E_BULK_UNAVAILABLE';
        failures.push(spent ? downloadError(fileName(f.url), -1, err.message) : err);
      }
    }),
  );
  return failures;
}

async function fetchFile(
  http: BulkHttp,
  f: PlannedFile,
  dir: string,
  withToken: boolean,
): Promise<DoneFile> {
  const name = fileName(f.url);
  const budget = new RetryBudget(http, `download of ${name}`);
  const t = http.timing.requestTimeoutMs;
  for (;;) {
    const headers = await http.headers('application/fhir+ndjson', withToken);
    try {
      const res = await request(f.url, { headers, headersTimeout: t, bodyTimeout: t });
      if (res.statusCode === 200) {
        const count = await writeAtomically(res.body, join(dir, f.path));
        return { ...f, count };
      }
      const text = await readTextCapped(res.body, 1024 * 1024, f.url);
      const reply = { status: res.statusCode, headers: res.headers, text };
      if (reply.status === 404 || reply.status === 410) throw expired(name, reply.status);
      await budget.recover(reply, (x) => downloadError(name, x.status, x.detail));
    } catch (err) {
      if (!isTransientNetworkError(err)) throw err;
      const code = String((err as { code: string }).code);
      await budget.recover({ status: 0, headers: {}, text: '', error: code }, (x) =>
        downloadError(name, 0, x.detail),
      );
    }
  }
}

/** Streams a body to `<target>.part`, fsyncs and renames; returns the non-blank line count. */
async function writeAtomically(body: AsyncIterable<Uint8Array>, target: string): Promise<number> {
  const tmp = `${target}.part`;
  const fh = await open(tmp, 'w', 0o600);
  const counter = new LineCounter();
  try {
    for await (const chunk of body) {
      counter.add(chunk);
      await fh.write(chunk);
    }
    await fh.sync();
  } catch (err) {
    await fh.close();
    await rm(tmp, { force: true });
    throw err;
  }
  await fh.close();
  await rename(tmp, target);
  return counter.total();
}

/** Counts lines holding anything besides whitespace, across chunk boundaries. */
class LineCounter {
  private lines = 0;
  private content = false;

  add(chunk: Uint8Array): void {
    for (const b of chunk) {
      if (b === 10) {
        if (this.content) this.lines++;
        this.content = false;
      } else if (b !== 13 && b !== 32 && b !== 9) {
        this.content = true;
      }
    }
  }

  total(): number {
    return this.lines + (this.content ? 1 : 0);
  }
}

/** The last path segment of a file URL: query strings may hold signatures, so never shown. */
function fileName(url: string): string {
  return basename(new URL(url).pathname) || '(file)';
}

function expired(name: string, status: number): CredkitError {
  const message = `export file ${name} is gone (HTTP ${status}); the export has expired`;
  return new CredkitError('E_BULK_EXPIRED', message, {
    file: name,
    exit: ExitCode.incomplete,
    suggestion: 'Run `credkit roster pull` again without --resume to start a new export.',
  });
}

function downloadError(name: string, status: number, detail: string): CredkitError {
  const where = status > 0 ? ` (HTTP ${status})` : status === 0 ? ' (network)' : '';
  return new CredkitError('E_BULK_DOWNLOAD', `cannot download ${name}${where}: ${detail}`, {
    file: name,
    exit: ExitCode.incomplete,
    suggestion: 'Run again with --resume to fetch the remaining files.',
  });
}
