import { usageError } from '../../errors.js';
import { isObject, str } from '../fhir/elements.js';

/** One file item of a Bulk Data manifest. */
export interface ManifestItem {
  type: string;
  url: string;
  count?: number;
}

/** The parts of a complete-status manifest credkit uses (fhir-output.md §2). */
export interface BulkManifest {
  transactionTime: string | null;
  request: string | null;
  requiresAccessToken: boolean | null;
  output: ManifestItem[];
  error: ManifestItem[];
}

/**
 * Checks a manifest body: `output[]` is required and each item needs `type` and an absolute
 * http(s) `url`; `error[]` may be missing (some servers omit it) but not malformed.
 * `E_BULK_MANIFEST` (exit 2) otherwise. Paged 3.0.0 manifests (`link`) are not followed.
 */
export function parseManifest(text: string): BulkManifest {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw bad('the complete-status body is not JSON');
  }
  if (!isObject(body)) throw bad('the manifest is not a JSON object');
  if (!Array.isArray(body.output)) throw bad('the manifest has no output[] array');
  if (body.error !== undefined && !Array.isArray(body.error)) throw bad('error is not an array');
  return {
    transactionTime: str(body.transactionTime) ?? null,
    request: str(body.request) ?? null,
    requiresAccessToken:
      typeof body.requiresAccessToken === 'boolean' ? body.requiresAccessToken : null,
    output: body.output.map((item, i) => manifestItem(item, `output[${i}]`)),
    error: ((body.error as unknown[]) ?? []).map((item, i) => manifestItem(item, `error[${i}]`)),
  };
}

function manifestItem(item: unknown, where: string): ManifestItem {
  if (!isObject(item)) throw bad(`${where} is not an object`);
  const type = str(item.type);
  const url = str(item.url);
  if (!type) throw bad(`${where} has no type`);
  if (!url || !/^https?:\/\//i.test(url)) throw bad(`${where} has no absolute http(s) url`);
  const count =
    typeof item.count === 'number' && Number.isFinite(item.count) ? item.count : undefined;
  return { type, url, count };
}

function bad(message: string) {
  return usageError('E_BULK_MANIFEST', `unusable Bulk Data manifest: ${message}`);
}
