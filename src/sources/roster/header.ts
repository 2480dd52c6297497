import { usageError } from '../../errors.js';

/**
 * Refuses a header that names a column twice, which would make one column silently overwrite
 * the other (reliability.md B5). Names compare after trimming, case-insensitively.
 */
export function checkHeader(header: readonly string[], file: string): string[] {
  const names = header.map((h) => h.trim());
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    const key = name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      const message = `header names '${name}' at columns ${first + 1} and ${i + 1}`;
      throw usageError('E_DUP_HEADER', message, { file, line: 1, column: i + 1 });
    }
    seen.set(key, i);
  });
  return names;
}
