import { isRecord } from '../http/classify.js';
import type { Answer, Failure, SourceClient } from '../http/client.js';
import { isValidNpi } from '../../transform/npi.js';
import { parseNppesResult, type NppesApiRecord } from './api-record.js';

export const NPPES_API_URL = 'https://npiregistry.cms.hhs.gov/api/';

/** Base URL of the NPI Registry API: `CREDKIT_NPPES_API_URL` or the real one. */
export function nppesApiUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.CREDKIT_NPPES_API_URL || NPPES_API_URL;
}

/** Results per page and the largest `skip` the API honours (sources.md 1.2). */
export const PAGE_SIZE = 200;
export const MAX_SKIP = 1000;

/** The answer for one NPI: the record, a definitive "not in NPPES", or a failed call. */
export type NppesLookup =
  | { kind: 'found'; record: NppesApiRecord; answer: Answer }
  | { kind: 'not-found'; answer: Answer }
  | { kind: 'failed'; failure: Failure };

export interface NameSearch {
  lastName: string;
  firstName?: string;
  state?: string;
}

export interface NameSearchResult {
  records: NppesApiRecord[];
  /** The page at skip=1000 was full: more records exist than the API will return (H5). */
  incomplete: boolean;
  /** Why the search stopped early, if a call failed; `records` then holds what came before. */
  failure?: Failure;
}

/** NPI Registry API v2.1 over one `SourceClient` (its queue, retries, cache). */
export class NppesApi {
  constructor(
    private readonly client: SourceClient,
    private readonly base = nppesApiUrl(),
  ) {}

  url(params: Record<string, string>): URL {
    const url = new URL(this.base);
    url.searchParams.set('version', '2.1');
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return url;
  }

  urlForNpi(npi: string): URL {
    return this.url({ number: npi });
  }

  /**
   * Looks one NPI up. The caller checks the check digit first: the API answers
   * `result_count: 0` for a Luhn-invalid number, which must not read as "not in NPPES".
   */
  async lookupNpi(npi: string): Promise<NppesLookup> {
    if (!isValidNpi(npi)) throw new RangeError('lookupNpi needs an NPI with a valid check digit');
    const res = await this.client.getJson(this.urlForNpi(npi));
    if (!res.ok) return { kind: 'failed', failure: res };
    const page = resultsOf(res);
    if ('failure' in page) return { kind: 'failed', failure: page.failure };
    const record = page.records.find((r) => r.npi === npi);
    return record ? { kind: 'found', record, answer: res } : { kind: 'not-found', answer: res };
  }

  /**
   * Pages a name search (200 a page, skip up to 1000), deduplicated on NPI. A full page at
   * skip=1000 flags the result incomplete: the API will not show the rest (1,200 cap).
   */
  async searchNames(q: NameSearch): Promise<NameSearchResult> {
    const params: Record<string, string> = { last_name: q.lastName, limit: String(PAGE_SIZE) };
    if (q.firstName) params.first_name = q.firstName;
    if (q.state) params.state = q.state;
    const byNpi = new Map<string, NppesApiRecord>();
    for (let skip = 0; skip <= MAX_SKIP; skip += PAGE_SIZE) {
      const res = await this.client.getJson(this.url({ ...params, skip: String(skip) }));
      const page = res.ok ? resultsOf(res) : { failure: res };
      if ('failure' in page) return { records: [...byNpi.values()], incomplete: true, ...page };
      for (const r of page.records) if (!byNpi.has(r.npi)) byNpi.set(r.npi, r);
      if (page.size < PAGE_SIZE) return { records: [...byNpi.values()], incomplete: false };
    }
    return { records: [...byNpi.values()], incomplete: true };
  }
}

/**
 * The records of one page. `results` must be an array: a 200 body without one is not an
 * answer. `size` is the length of `results`, not `result_count` (which fixtures show lying).
 */
function resultsOf(a: Answer): { records: NppesApiRecord[]; size: number } | { failure: Failure } {
  const body = a.json;
  if (!isRecord(body) || !Array.isArray(body.results)) {
    const failure: Failure = {
      ok: false,
      reason: 'malformed-response',
      detail: 'response has no results array',
      query: a.query,
      requestedAt: a.requestedAt,
    };
    return { failure };
  }
  const records = body.results.map(parseNppesResult).filter((r): r is NppesApiRecord => r !== null);
  return { records, size: body.results.length };
}
