import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Field names that may carry PII or secrets: their values never reach a log line. */
const REDACTED_KEYS = new RegExp(
  '^(ssn|tin|dob|birth.*|(first|last|middle|full)_?name|api_?key|authorization|password|token)$',
  'i',
);

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * NDJSON run log: one event a line with the run id, written under `<workspace>/logs/`.
 * Values under PII-bearing keys are replaced and URL query strings are dropped, so a log can be
 * shared with a vendor without review.
 */
export class RunLog {
  readonly runId: string;
  readonly path: string;

  constructor(logsDir: string, runId = newRunId()) {
    this.runId = runId;
    this.path = join(logsDir, `${runId}.ndjson`);
  }

  event(level: LogLevel, event: string, fields: Record<string, unknown> = {}): void {
    const line = { ts: new Date().toISOString(), runId: this.runId, level, event, ...fields };
    appendFileSync(this.path, JSON.stringify(line, redact) + '\n', { mode: 0o600 });
  }
}

export function newRunId(): string {
  return `${compactStamp()}-${randomBytes(3).toString('hex')}`;
}

/** The current UTC time as `YYYYMMDDTHHMMSS`, for ids that sort by time. */
export function compactStamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
}

function redact(key: string, value: unknown): unknown {
  if (REDACTED_KEYS.test(key)) return '[redacted]';
  if (typeof value === 'string' && /^https?:\/\//.test(value)) return value.replace(/\?.*$/, '?…');
  return value;
}
