import type { Answer, Failure, SourceClient } from '../http/client.js';
import { samEntities, type SamApiRecord } from './api-record.js';

export const SAM_API_URL = 'https://api.sam.gov';
export const EXCLUSIONS_PATH = '/entity-information/v4/exclusions';

/** Base URL of SAM.gov: `CREDKIT_SAM_API_URL` or the real one. */
export function samApiUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.CREDKIT_SAM_API_URL || SAM_API_URL;
}

/** The SAM API key, from `SAM_API_KEY` only (never a flag: argv is visible in `ps`). */
export function samApiKey(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.SAM_API_KEY?.trim() || undefined;
}

/** The API serves 10 records a page; more pages than this for one query is not a spot check. */
export const SAM_PAGE_SIZE = 10;
export const SAM_MAX_PAGES = 5;

export type SamQuery =
  { npi: string } | { exclusionName: string; classification: 'Individual' | 'Firm' };

export type SamSearch =
  | { kind: 'answered'; records: SamApiRecord[]; answers: Answer[] }
  | { kind: 'failed'; failure: Failure; answers: Answer[] };

/**
 * SAM.gov Exclusions API v4 over one `SourceClient`. The key travels in the `X-Api-Key` header
 * (the client's secret headers), so no URL, cache key or evidence ever holds it.
 */
export class SamApi {
  constructor(
    private readonly client: SourceClient,
    private readonly base = samApiUrl(),
  ) {}

  url(q: SamQuery, page = 0): URL {
    const url = new URL(EXCLUSIONS_PATH, this.base);
    for (const [k, v] of Object.entries(q)) url.searchParams.set(k, v);
    url.searchParams.set('page', String(page));
    url.searchParams.set('size', String(SAM_PAGE_SIZE));
    return url;
  }

  /**
   * Every record for a query, paging while `totalRecords` says more exist. A query needing
   * more than `SAM_MAX_PAGES` pages fails rather than decide on part of the answer.
   */
  async search(q: SamQuery): Promise<SamSearch> {
    const records: SamApiRecord[] = [];
    const answers: Answer[] = [];
    for (let page = 0; page < SAM_MAX_PAGES; page++) {
      const res = await this.client.getJson(this.url(q, page));
      if (!res.ok) return { kind: 'failed', failure: res, answers };
      answers.push(res);
      const list = samEntities(res.json);
      if (!list) return { kind: 'failed', failure: malformed(res), answers };
      records.push(...list);
      const total = Number((res.json as { totalRecords?: unknown }).totalRecords);
      const more = Number.isFinite(total) ? records.length < total : list.length === SAM_PAGE_SIZE;
      if (!more || list.length === 0) return { kind: 'answered', records, answers };
    }
    const failure: Failure = {
      ...malformed(answers[answers.length - 1]),
      reason: 'too-many-results',
      detail: `more than ${SAM_MAX_PAGES * SAM_PAGE_SIZE} records: narrow the query`,
    };
    return { kind: 'failed', failure, answers };
  }
}

function malformed(a: Answer): Failure {
  return {
    ok: false,
    reason: 'malformed-response',
    detail: 'response has no excludedEntity list',
    query: a.query,
    requestedAt: a.requestedAt,
  };
}
