import { basename, resolve } from 'node:path';
import type { StageContext } from './context.js';
import type { SnapshotSource } from '../model.js';
import { MEMBER_PATTERNS, openMember } from '../sources/archive/members.js';
import { publishedFromName } from '../sources/snapshot-dates.js';
import { importSource, type ImportOptions, type ImportResult } from './import-source.js';

/** The member imported from each source's zip. */
const ZIP_MEMBERS: Record<SnapshotSource, RegExp> = {
  nppes: MEMBER_PATTERNS.nppes,
  sam: MEMBER_PATTERNS.sam,
  leie: /^UPDATED\.csv$/i,
  'nppes-endpoints': /^endpoint_pfile_(?!.*_fileheader)[^/]*\.csv$/i,
};

/**
 * Imports a source zip (the NPPES monthly package, the SAM extract): the one matching member
 * is extracted under the workspace `tmp/` and imported like the plain file, then removed.
 * The snapshot's hash and name are the member's, so the zip and its CSV are the same snapshot.
 * The publication date comes from the zip name (SAM `…_YYDDD.ZIP`), else the member's.
 */
export async function importZip(
  ctx: StageContext,
  source: SnapshotSource,
  file: string,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const path = resolve(file);
  const member = await openMember(path, ZIP_MEMBERS[source], ctx.ws.tmpDir);
  try {
    const published = opts.published ?? publishedFromName(source, basename(path)) ?? undefined;
    const result = await importSource(ctx, source, member.path, { ...opts, published });
    return { ...result, file };
  } finally {
    await member.cleanup();
  }
}
