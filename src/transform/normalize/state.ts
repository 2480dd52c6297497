import { ok, warn, type Normalized } from './result.js';
import { USPS_STATES } from './us-states.js';

const BY_NAME = new Map<string, string>();
for (const [code, name] of Object.entries(USPS_STATES)) BY_NAME.set(fold(name), code);
BY_NAME.set(fold('Washington DC'), 'DC');
BY_NAME.set(fold('US Virgin Islands'), 'VI');

/**
 * State to its USPS code; full names in any case (`OHIO`, `Ohio`) are mapped. An unknown value
 * keeps its trimmed text with a `W_STATE` warning rather than dropping the row (reliability.md
 * B16); `label` names the column in the message.
 */
export function normalizeState(value: string | null, label = 'State'): Normalized {
  if (value === null) return ok(null);
  const upper = value.toUpperCase();
  if (upper in USPS_STATES) return ok(upper);
  const code = BY_NAME.get(fold(value));
  if (code) return ok(code);
  return warn('W_STATE', `${label} is not a USPS state code or name; kept as given`, value);
}

function fold(text: string): string {
  return text.toLowerCase().replace(/[^a-z]/g, '');
}
