import { CredkitCommand } from '../../cli/base.js';
import { ExitCode } from '../../errors.js';
import { openReader } from '../../pipeline/context.js';
import { verifyAuditChain, type AuditVerification } from '../../store/audit.js';

export default class AuditVerify extends CredkitCommand {
  static override summary = 'Check that the audit log has not been altered.';
  static override description = `Recomputes the hash chain of the audit log: each entry's hash is
sha256(previous hash + canonical JSON of {at, actor, action, detail}). An entry edited, removed
or inserted in the middle breaks the chain at that entry. Reads only.

Exit codes: 0 chain intact; 1 chain broken (the first broken entry is named) or unexpected
failure; 2 bad flags.`;

  static override examples = [
    '<%= config.bin %> audit verify --workspace ./credkit-demo',
    '<%= config.bin %> audit verify --workspace ./credkit-demo --json',
  ];

  async run(): Promise<AuditVerification> {
    const { flags } = await this.parse(AuditVerify);
    const ctx = openReader(this.workspace(flags.workspace));
    try {
      const result = verifyAuditChain(ctx.db);
      if (!result.ok) this.setExit(ExitCode.failure);
      this.info(
        result.ok
          ? `Audit log intact: ${result.entries} entries.`
          : `Audit log BROKEN at entry ${result.broken?.id} (${result.broken?.reason}).`,
      );
      return result;
    } finally {
      ctx.close();
    }
  }
}
