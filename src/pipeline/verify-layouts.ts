import type { DuckDBConnection } from '@duckdb/node-api';
import { usageError } from '../errors.js';
import { LAYOUT_GROUPS, LAYOUT_KINDS, layoutSource, type LayoutKind } from '../model.js';
import { daysBetween } from '../sources/snapshot-dates.js';
import { resolveLayout } from '../sources/boards/layout-file.js';
import { boardChecks, importedLayouts, type LayoutRef } from './verify-boards.js';
import { stateListChecks } from './verify-state-lists.js';
import type { SourceChecks } from './verify-checks.js';

/**
 * Which layout sources to check: `boards` / `state-lists` (every imported layout of the
 * kind) or one layout by source name (`board:oh-med`).
 */
export function isLayoutSelector(name: string): boolean {
  if (Object.hasOwn(LAYOUT_GROUPS, name)) return true;
  const kind = name.split(':')[0];
  return (LAYOUT_KINDS as readonly string[]).includes(kind) && name.length > kind.length + 1;
}

/** Checks of every selected board and state list, against their latest snapshots. */
export async function layoutChecks(
  conn: DuckDBConnection,
  selectors: readonly string[],
  asOf: string,
): Promise<SourceChecks[]> {
  const out: SourceChecks[] = [];
  for (const ref of await selectedLayouts(conn, selectors)) {
    out.push(
      ref.kind === 'board'
        ? await boardChecks(conn, ref, asOf)
        : await stateListChecks(conn, ref, asOf),
    );
  }
  return out;
}

async function selectedLayouts(
  conn: DuckDBConnection,
  selectors: readonly string[],
): Promise<LayoutRef[]> {
  const refs = new Map<string, LayoutRef>();
  for (const kind of LAYOUT_KINDS) {
    for (const ref of await importedLayouts(conn, kind)) refs.set(ref.source, ref);
  }
  const chosen = new Map<string, LayoutRef>();
  for (const sel of selectors) {
    if (Object.hasOwn(LAYOUT_GROUPS, sel)) {
      const kind = LAYOUT_GROUPS[sel as keyof typeof LAYOUT_GROUPS];
      for (const ref of refs.values()) if (ref.kind === kind) chosen.set(ref.source, ref);
    } else {
      chosen.set(sel, refs.get(sel) ?? bundledRef(sel));
    }
  }
  return [...chosen.values()];
}

/**
 * A layout named on the command line but never imported: a bundled layout gives its state and
 * scope, so its rows are `source-unavailable` (fail closed); an unknown name is a usage error.
 */
function bundledRef(source: string): LayoutRef {
  const [kind, id] = [source.slice(0, source.indexOf(':')), source.slice(source.indexOf(':') + 1)];
  try {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) throw new Error('not a layout id');
    const l = resolveLayout(id, kind as LayoutKind);
    if (layoutSource(l.kind, l.id) !== source) throw new Error('not bundled');
    const licensePattern = l.licensePattern?.source ?? null;
    return { source, kind: l.kind, id: l.id, state: l.state, name: l.name, licensePattern };
  } catch {
    throw usageError(
      'E_BAD_SOURCE',
      `unknown source "${source}": no such imported or bundled layout`,
    );
  }
}

/** State lists are monthly exclusion lists: they age like LEIE and SAM; boards do not. */
export function staleLayouts(results: SourceChecks[], asOf: string, maxAgeDays: number): string[] {
  return results
    .filter((r) => r.source.startsWith('state-list:') && r.snapshot)
    .filter((r) => daysBetween(r.snapshot!.published, asOf) > maxAgeDays)
    .map((r) => r.source);
}
