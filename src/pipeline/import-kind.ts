import type { StageContext } from './context.js';
import { SOURCES, type SnapshotSource } from '../model.js';
import { importSource, type ImportOptions, type ImportResult } from './import-source.js';
import type { UpdateKind, UpdateResult } from './import-updates.js';
import { importNppesWeekly } from './import-nppes-weekly.js';
import { importNppesDeactivations } from './import-nppes-deactivations.js';
import { importLeieSupplement } from './import-leie-supplement.js';

/** Update files applied on the latest snapshot of their source. */
export const UPDATE_KINDS = ['nppes-weekly', 'nppes-deactivations', 'leie-supplement'] as const;

const UPDATERS: Record<UpdateKind, (ctx: StageContext, file: string) => Promise<UpdateResult>> = {
  'nppes-weekly': importNppesWeekly,
  'nppes-deactivations': importNppesDeactivations,
  'leie-supplement': importLeieSupplement,
};

export function isUpdateKind(kind: string): kind is UpdateKind {
  return (UPDATE_KINDS as readonly string[]).includes(kind);
}

/** Imports a full source file or applies an update file, by kind. */
export function importKind(
  ctx: StageContext,
  kind: SnapshotSource | UpdateKind,
  file: string,
  opts: ImportOptions = {},
): Promise<ImportResult | UpdateResult> {
  if (isUpdateKind(kind)) return UPDATERS[kind](ctx, file);
  return importSource(ctx, kind, file, opts);
}

/** Kinds `sources import` and `sync` accept besides the reference files. */
export const IMPORT_KINDS = [...SOURCES, ...UPDATE_KINDS] as const;
