import { Args, Flags } from '@oclif/core';
import { CredkitCommand } from '../../cli/base.js';
import { openReader } from '../../pipeline/context.js';
import { providerShow, type ProviderView } from '../../pipeline/provider-show.js';
import type { StewardDecision } from '../../pipeline/steward.js';

export default class ProviderShow extends CredkitCommand {
  static override summary = 'Show a master record: its fields, members, checks and history.';
  static override description = `Finds the master by id (p-/o- + 16 hex) or by NPI (the master that
carries it, or whose member rows do) and shows its survived fields, its member rows (batch,
record, line, file), every check of every member (source, outcome, reason, snapshot and its
publication date, check date), its lineage (created, merged, split, retired) and the steward
decisions that touched it or its rows. The date of birth is shown as the year only; --show-dob
shows it whole and writes an audit log entry. Reads only, so it works during a nightly run.

Exit codes: 0 shown; 1 unexpected failure; 2 no such master (E_MASTER_NOT_FOUND, with the
master it was merged into when known), an NPI on several masters (E_NPI_AMBIGUOUS) or a
reference that is neither an NPI nor a master id (E_OPTION).`;

  static override examples = [
    '<%= config.bin %> provider show 1870685371 --workspace ./credkit-demo',
    '<%= config.bin %> provider show p-7d44ba3dfb4ac5f1 --workspace ./credkit-demo --json',
  ];

  static override args = {
    ref: Args.string({ required: true, description: 'NPI or master id.' }),
  };

  static override flags = {
    'show-dob': Flags.boolean({ summary: 'Show the full date of birth (audit-logged).' }),
  };

  async run(): Promise<ProviderView> {
    const { args, flags } = await this.parse(ProviderShow);
    const ctx = openReader(this.workspace(flags.workspace));
    try {
      const view = providerShow(ctx, args.ref, { showDob: flags['show-dob'] });
      this.info(render(view));
      return view;
    } finally {
      ctx.close();
    }
  }
}

const SHOWN_FIELDS = [
  'npi',
  'lastName',
  'firstName',
  'middleName',
  'orgName',
  'credential',
  'birthYear',
  'dob',
  'sex',
  'taxonomies',
  'licenses',
  'groupNpis',
  'address1',
  'address2',
  'city',
  'state',
  'zip',
  'phone',
  'effectiveDate',
];

function render(v: ProviderView): string {
  const m = v.master;
  const fields = SHOWN_FIELDS.filter((f) => present(m.record[f])).map(
    (f) => `  ${f.padEnd(16)}${text(m.record[f])}`,
  );
  const members = v.members.map(
    (r) => `  row ${r.rowId}  ${r.file} record ${r.record} line ${r.line}  batch ${r.batchId}`,
  );
  const checks = columns(
    v.checks.map((c) => [
      `row ${c.rowId}`,
      c.source,
      c.outcome,
      c.reason,
      `snapshot ${c.snapshotId ?? '-'} (${c.published ?? '-'})`,
      `checked ${c.checkedAt}`,
    ]),
  );
  const history = v.history.map(
    (h) => `  ${h.at}  ${h.masterId} ${h.event}${h.otherMasterId ? ` ${h.otherMasterId}` : ''}`,
  );
  const decisions = v.decisions.map((d) => `  ${d.at}  #${d.id} ${describe(d)} by ${d.actor}`);
  return [
    `Master ${m.id}  ${m.kind}  ${m.status}  (created ${m.createdAt}, updated ${m.updatedAt})`,
    ...section('Record', fields),
    ...section(`Members (${v.members.length})`, members),
    ...section(`Checks (${v.checks.length})`, checks),
    ...section('History', history.length ? history : [`  ${m.createdAt}  first stored`]),
    ...section('Steward decisions', decisions),
  ].join('\n');
}

function describe(d: StewardDecision): string {
  if (d.kind === 'merge') return `merge with ${d.otherMasterId}`;
  if (d.kind === 'split') return `split of row ${d.rowId}`;
  return `${d.kind} on pair ${d.pairId} (rows ${d.leftRow}, ${d.rightRow})`;
}

/** Left-aligned columns, each as wide as its longest cell, two spaces apart. */
function columns(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => r[i].length))) ?? [];
  return rows.map((r) => `  ${r.map((cell, i) => cell.padEnd(widths[i])).join('  ')}`.trimEnd());
}

function section(title: string, lines: string[]): string[] {
  return ['', title, ...(lines.length ? lines : ['  none'])];
}

function present(v: unknown): boolean {
  return v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0);
}

function text(v: unknown): string {
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' ? licence(x) : x)).join(', ');
  return String(v);
}

function licence(x: { number?: string; state?: string | null }): string {
  return x.state ? `${x.number} (${x.state})` : String(x.number);
}
