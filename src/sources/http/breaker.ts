/** When a source's circuit opens and how long it rests; tests shrink these. */
export interface BreakerOptions {
  /** Consecutive failed requests that open the circuit. @default 10 */
  threshold: number;
  /** Time an open circuit refuses calls before letting one probe through. @default 30000 */
  coolDownMs: number;
}

export const DEFAULT_BREAKER: BreakerOptions = { threshold: 10, coolDownMs: 30_000 };

export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * A circuit breaker per source: after `threshold` consecutive failures the source is left
 * alone for `coolDownMs` (calls fail fast as unavailable instead of piling retries on an outage),
 * then one probe decides whether it closes again or rests another cool-down.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private current: BreakerState = 'closed';

  constructor(
    private readonly opts: BreakerOptions = DEFAULT_BREAKER,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): BreakerState {
    return this.current;
  }

  /** Whether a request may go out now; in half-open only one probe at a time. */
  allow(): boolean {
    if (this.current === 'closed') return true;
    if (this.current === 'open') {
      if (this.now() - this.openedAt < this.opts.coolDownMs) return false;
      this.current = 'half-open';
    }
    if (this.probing) return false;
    this.probing = true;
    return true;
  }

  success(): void {
    this.failures = 0;
    this.probing = false;
    this.current = 'closed';
  }

  failure(): void {
    this.failures++;
    const probeFailed = this.current === 'half-open';
    this.probing = false;
    if (probeFailed || this.failures >= this.opts.threshold) {
      this.current = 'open';
      this.openedAt = this.now();
    }
  }
}
