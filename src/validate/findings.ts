import type { Finding } from '../model.js';
import type { Issue } from '../transform/normalize/result.js';

/** Where a row sits in its file; every finding about the row carries it. */
export interface RowPlace {
  /** Base name of the roster file. */
  file: string;
  record: number;
  line: number;
}

/** Collects the findings of one row and knows whether any of them rejects it. */
export class RowFindings {
  readonly list: Finding[] = [];

  constructor(private readonly place: RowPlace) {}

  add(code: string, severity: Finding['severity'], field: string, message: string): void {
    this.list.push({ code, severity, ...this.place, field, message });
  }

  /** Records a normaliser's issue (if any) against `field`. */
  issue(field: string, issue: Issue | undefined): void {
    if (issue) this.add(issue.code, issue.severity, field, issue.message);
  }

  get rejected(): boolean {
    return this.list.some((f) => f.severity === 'error');
  }
}
