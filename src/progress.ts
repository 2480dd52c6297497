/**
 * Progress on long work: a single rewritten stderr line, only when stderr is a terminal, so
 * cron logs and `--json` consumers never see it.
 */
export class Progress {
  private readonly enabled: boolean;
  private last = 0;

  constructor(
    private readonly label: string,
    enabled = Boolean(process.stderr.isTTY),
  ) {
    this.enabled = enabled;
  }

  tick(done: number, total?: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 200) return;
    this.last = now;
    const of = total ? `/${total}` : '';
    process.stderr.write(`\r${this.label}: ${done}${of}`);
  }

  done(summary: string): void {
    if (this.enabled) process.stderr.write(`\r${this.label}: ${summary}\n`);
  }
}
