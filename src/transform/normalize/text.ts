/**
 * Text cells: trimmed, and null when blank or a placeholder that stands for "unknown"
 * (reliability.md B14), so later stages never match on `N/A` or `<UNAVAIL>`.
 */
const PLACEHOLDERS = new Set([
  'n/a',
  'null',
  '<unavail>',
  '--',
  '-',
  '#n/a',
  'not available',
  'currently not available',
]);

export function cleanText(value: string | undefined): string | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (trimmed === '' || PLACEHOLDERS.has(trimmed.toLowerCase())) return null;
  return trimmed;
}
