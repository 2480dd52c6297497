import type { Severity } from '../../model.js';

/** A problem a normaliser found in one value; the caller turns it into a Finding. */
export interface Issue {
  severity: Severity;
  code: string;
  /** Says what was expected; never quotes a personal value. */
  message: string;
}

/** A normalised value (null when absent or dropped) and at most one issue about it. */
export interface Normalized<T = string> {
  value: T | null;
  issue?: Issue;
}

export function ok<T>(value: NoInfer<T> | null): Normalized<T> {
  return { value };
}

export function warn<T>(code: string, message: string, value: T | null = null): Normalized<T> {
  return { value, issue: { severity: 'warning', code, message } };
}

export function fail<T>(code: string, message: string): Normalized<T> {
  return { value: null, issue: { severity: 'error', code, message } };
}
