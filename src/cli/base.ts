import { Command, Flags, Interfaces } from '@oclif/core';
import { CredkitError, ExitCode, isCredkitError } from '../errors.js';
import { lastRunLog } from '../pipeline/context.js';
import { ensureWorkspace, resolveWorkspaceDir, type Workspace } from '../store/workspace.js';

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<
  (typeof CredkitCommand)['baseFlags'] & T['flags']
>;

/**
 * Base of every credkit command: `--workspace` and `--json`, and the mapping from
 * CredkitError to the documented exit codes. Commands return their result object; with
 * `--json` oclif prints exactly that object on stdout.
 */
export abstract class CredkitCommand extends Command {
  static override enableJsonFlag = true;

  static override baseFlags = {
    workspace: Flags.string({
      char: 'w',
      summary: 'Workspace directory (default ./credkit-data).',
      env: 'CREDKIT_WORKSPACE',
      helpGroup: 'GLOBAL',
    }),
  };

  /** Opens (creating if needed) the workspace named by the flags. */
  protected workspace(flag: string | undefined): Workspace {
    return ensureWorkspace(resolveWorkspaceDir(flag));
  }

  /** Sets the exit code without throwing, for results that are complete or incomplete. */
  protected setExit(code: ExitCode): void {
    process.exitCode = code;
  }

  protected info(message: string): void {
    if (!this.jsonEnabled()) this.log(message);
  }

  override async catch(err: Error & { exitCode?: number }): Promise<unknown> {
    if (isCredkitError(err)) return this.report(err);
    const oclifExit = (err as { oclif?: { exit?: number } }).oclif?.exit;
    if (oclifExit === undefined && err.exitCode === undefined) {
      return this.report(new CredkitError('E_UNEXPECTED', err.message, { cause: err }));
    }
    // oclif's own errors (unknown flag, missing argument, exit()): usage errors keep their
    // exit code and, with --json, the same small error document as every other failure.
    if (!this.jsonEnabled()) return super.catch(err);
    const exit = (oclifExit ?? err.exitCode ?? ExitCode.usage) as ExitCode;
    return this.report(new CredkitError('E_USAGE', firstLine(err.message), { exit }));
  }

  private report(err: CredkitError): void {
    // Code, exit and place only: the message may quote a header or an NPI, never needed here.
    const { file, record, line, field } = err.location;
    lastRunLog()?.event('error', 'command.failed', {
      code: err.code,
      exit: err.exit,
      ...{ file, record, line, field },
    });
    if (this.jsonEnabled()) {
      this.logJson({ error: err.toJSON() });
    } else {
      process.stderr.write(`${err.toLine()}\n`);
      if (err.suggestion) process.stderr.write(`  ${err.suggestion}\n`);
    }
    if (process.env.CREDKIT_DEBUG && err.cause instanceof Error) {
      process.stderr.write(`${err.cause.stack}\n`);
    }
    process.exitCode = err.exit;
  }
}

/** oclif messages span lines ("The following error occurred:" then the reason). */
function firstLine(message: string): string {
  const text = message.replace(/\s+/g, ' ').replace(/^The following errors? occurred: /, '');
  return text.trim().slice(0, 300);
}
