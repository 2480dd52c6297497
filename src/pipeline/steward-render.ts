import type { DecisionResult } from './steward.js';
import type { ReviewPair, ReviewSide } from './steward-review.js';

const LABEL = 16;
const LEVEL = 14;
const VALUE = 38;

/** `compare`: mark the field when both sides have a value and they differ. */
type Field = [label: string, value: (s: ReviewSide) => string | null, compare?: false];

const FIELDS: Field[] = [
  ['NPI', (s) => s.npi],
  ['Last name', (s) => s.lastName],
  ['First name', (s) => s.firstName],
  ['Middle name', (s) => s.middleName],
  ['Organisation', (s) => s.orgName],
  ['Birth year', (s) => s.birthYear],
  ['Address', (s) => s.address],
  ['Taxonomy', (s) => s.taxonomy],
  ['Licence', (s) => licence(s)],
  ['Source', (s) => `${s.file} record ${s.record} line ${s.line}`, false],
  ['Master', (s) => s.masterId, false],
];

/**
 * The two rows of a pair side by side, then each field comparison with its weight and
 * reason, then the totals: everything the steward decides on, on one screen.
 */
export function renderPair(pair: ReviewPair, index: number, total: number): string {
  const head =
    `Pair ${index} of ${total}  ${pair.id}  probability ${pair.probability.toFixed(3)}  ` +
    `weight ${signed(pair.weight)}  rules ${pair.rules.join(', ') || '-'}`;
  const cols = row('', `row ${pair.left.rowId}`, `row ${pair.right.rowId}`);
  const fields = FIELDS.map(([label, get, compare]) => {
    const [l, r] = [get(pair.left), get(pair.right)];
    const mark = compare !== false && l !== null && r !== null && l !== r ? ' *' : '';
    return row(label + mark, l ?? '', r ?? '');
  });
  return [head, '', cols, ...fields, '', 'Comparisons', ...renderComparisons(pair)].join('\n');
}

function renderComparisons(pair: ReviewPair): string[] {
  const lines = pair.comparisons.map((c) => {
    const weight = signed(c.weight).padStart(8);
    return `  ${cell(c.field, LABEL)}${cell(c.level, LEVEL)}${weight}  ${c.reason}`;
  });
  const total =
    `  ${cell('total', LABEL)}${cell('', LEVEL)}${signed(pair.weight).padStart(8)}  ` +
    `probability ${pair.probability.toFixed(3)}`;
  return [...lines, total];
}

function row(label: string, left: string, right: string): string {
  return `${label.padEnd(LABEL)}${fit(left).padEnd(VALUE)}  ${fit(right)}`.trimEnd();
}

/** Pads to `width`, always leaving at least one space after the text. */
function cell(text: string, width: number): string {
  return `${text} `.padEnd(width);
}

function fit(text: string): string {
  return text.length > VALUE ? `${text.slice(0, VALUE - 1)}…` : text;
}

function licence(s: ReviewSide): string | null {
  if (!s.licenseNumber) return null;
  return s.licenseState ? `${s.licenseNumber} (${s.licenseState})` : s.licenseNumber;
}

function signed(n: number): string {
  return `${n >= 0 ? '+' : ''}${n.toFixed(2)}`;
}

/** The prompt under each pair. */
export const REVIEW_PROMPT = '[m] match  [n] no match  [s] skip  [q] quit';

/** The human summary of `dedupe decide|merge|split`. */
export function renderDecision(r: DecisionResult): string {
  const d = r.decision;
  const what =
    d.kind === 'merge'
      ? `merge of ${d.masterId} and ${d.otherMasterId}`
      : d.kind === 'split'
        ? `split of row ${d.rowId} from ${d.masterId}`
        : `${d.kind} on pair ${d.pairId} (rows ${d.leftRow} and ${d.rightRow})`;
  const effect = r.applied
    ? `Applied now: ${r.dedupe?.masters ?? 0} masters after re-clustering.`
    : `Takes effect on the next dedupe run (${r.pendingReason ?? 'not applied now'}).`;
  return [`Decision ${d.id} recorded: ${what}, by ${d.actor} at ${d.at}.`, effect].join('\n');
}
